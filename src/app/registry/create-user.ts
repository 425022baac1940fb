import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { parseRole } from '../../domain/auth/role.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { isIntakeUsername } from '../../domain/intake/intake-integration.js';
import { normaliseEmail } from '../../domain/registry/email-address.js';
import type { User } from '../../domain/registry/user.js';
import { checkRoleUnit, requireNip, requirePasswordLength } from '../../domain/registry/user.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

export const CreateUserInput = z.object({
  username: z.string().trim().regex(/^[a-z][a-z0-9._-]{1,31}$/, 'lowercase letters, digits, . _ - (2–32, starting with a letter)'),
  displayName: name().optional(),
  role: z.string().trim().max(40),
  unit: name().optional(),
  nip: z.string().trim().max(40).optional(),
  password: z.string().max(1024),
  /** The password is a first one someone else chose (handed over in person): the user must change it at their first sign-in. */
  mustChangePassword: z.boolean().optional().describe('the user must change this password at the first sign-in (default false)'),
  /** Where notifications reach the user (issue 13); normalised, refused with a reason when malformed. */
  email: z.string().max(320).optional().describe('email address for notifications (optional)'),
}).strict();

export { MIN_PASSWORD_LENGTH } from '../../domain/registry/user.js';

/** Creates a user; `jaga admin create` runs it with no actor to bootstrap an installation. */
export function createUser(deps: AppDeps, inv: Invocation, raw: unknown): Promise<User> {
  return runUseCase(deps, inv, 'registry.user.create', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'user');
    if (ctx.actor === null && (await ctx.tx.users.list()).length > 0) {
      throw DomainError.of('forbidden', 'registry.bootstrap_only', {});
    }
    const input = parseInput(CreateUserInput, raw);
    // Alertmanager intake (issue 13): its identities are made by addIntakeIntegration only.
    if (isIntakeUsername(input.username)) throw DomainError.of('invalid', 'intake.username_reserved', { username: input.username });
    const role = parseRole(input.role);
    requirePasswordLength(input.password);
    const unit = input.unit === undefined ? undefined : await ctx.tx.units.findByIdOrCode(input.unit);
    if (input.unit !== undefined && !unit) throw notFound('unit', input.unit);
    checkRoleUnit(role, unit?.id ?? null);
    const user: User = {
      id: deps.ids.newId(), username: input.username, displayName: input.displayName ?? input.username, role,
      unitId: unit?.id ?? null, nip: input.nip === undefined ? null : requireNip(input.nip), active: true, createdAt: ctx.now,
      language: null, ...(input.mustChangePassword ? { passwordChangeRequired: true } : {}),
      email: input.email === undefined || input.email.trim() === '' ? null : normaliseEmail(input.email),
    };
    await ctx.tx.users.insert(user, await deps.passwords.hash(input.password));
    ctx.log({ type: 'registry.user.created', unitId: user.unitId, caseId: null,
      data: { userId: user.id, username: user.username, role: user.role, nip: user.nip, ...(input.mustChangePassword ? { mustChangePassword: true } : {}),
        ...(user.email ? { email: user.email } : {}) } });
    return user;
  }, { requireActor: false });
}
