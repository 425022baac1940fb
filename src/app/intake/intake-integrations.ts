import { z } from 'zod';
import { assertCanManageIntake, intakeListScope } from '../../domain/auth/intake.policy.js';
import { URGENCIES } from '../../domain/case/repair-case.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { IntakeIntegration, LabelMapping } from '../../domain/intake/intake-integration.js';
import { DEFAULT_LABEL_MAPPING, INTEGRATION_NAME, NO_PASSWORD, intakeUsername } from '../../domain/intake/intake-integration.js';
import type { User } from '../../domain/registry/user.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput, shortText } from '../input.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';
import { actorOf } from '../case/case-access.js';

/** Where Alertmanager posts for an integration (its receiver's `webhook_configs[].url`, after the installation's address). */
export const intakeWebhookPath = (integration: string): string => `/api/v1/intake/alertmanager/${integration}`;

const labelName = z.string().trim().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, 'a Prometheus label name (letters, digits, _; not starting with a digit)');

export const LabelMappingInput = z.object({
  targetLabels: z.array(labelName).min(1).max(10).optional().describe('labels naming the target, first match wins (default target, instance)'),
  urgencyLabel: labelName.optional().describe('the label giving the urgency (default severity)'),
  urgencies: z.record(z.string().trim().toLowerCase().min(1).max(100), z.enum(URGENCIES)).optional()
    .describe('urgency label value → urgency (default critical/page→critical, high/error/major→high, warning/minor→medium, info/low/none→low)'),
  defaultUrgency: z.enum(URGENCIES).optional().describe('when the label is missing or not mapped (default medium)'),
  systemLabels: z.array(labelName).min(1).max(10).optional().describe('labels naming the affected system, first present wins (default service, job, alertname)'),
}).strict();

export const AddIntakeInput = z.object({
  name: z.string().trim().regex(INTEGRATION_NAME, 'lowercase letters, digits, - (2–24, starting with a letter)'),
  unit: name().describe('LPSE unit id or code whose cases its alerts open'),
  mapping: LabelMappingInput.optional(),
}).strict();

export const RetireIntakeInput = z.object({ reason: shortText() }).strict();

/** An integration as shown: never its secret nor the secret's hash. */
export interface IntakeIntegrationView extends IntakeIntegration {
  readonly username: string;
  readonly webhookPath: string;
}

const view = (i: IntakeIntegration): IntakeIntegrationView => ({ ...i, username: intakeUsername(i.name), webhookPath: intakeWebhookPath(i.name) });

/** A new bearer secret: 256 random bits, shown once; only its SHA-256 is stored (a random secret needs no slow hash). */
const newSecret = (deps: AppDeps): string => `jaga_am_${deps.randomToken(32)}`;

async function integrationNamed(ctx: UseCaseContext, integration: string): Promise<IntakeIntegration> {
  const i = await ctx.tx.intake.findByName(integration);
  // Someone who may not manage the unit's integrations is told no more than that (never whether it exists).
  if (!i) {
    intakeListScope(actorOf(ctx));
    throw notFound('intake_integration', integration);
  }
  assertCanManageIntake(actorOf(ctx), i.unitId);
  return i;
}

/**
 * Adds an Alertmanager integration of a unit: its own system identity (user `intake.<name>`, role
 * pelapor of the unit, no password, no TOTP: it can never sign in) and a bearer secret, returned
 * once. Superadmin, or the unit's koordinator; logged without the secret.
 */
export function addIntakeIntegration(deps: AppDeps, inv: Invocation, raw: unknown): Promise<{ integration: IntakeIntegrationView; secret: string }> {
  return runUseCase(deps, inv, 'intake.integration.add', async (ctx) => {
    const input = parseInput(AddIntakeInput, raw);
    const unit = await ctx.tx.units.findByIdOrCode(input.unit);
    if (!unit) throw notFound('unit', input.unit);
    assertCanManageIntake(actorOf(ctx), unit.id);
    if (await ctx.tx.intake.findByName(input.name)) throw DomainError.of('conflict', 'registry.duplicate', { entity: 'intake_integration', key: input.name }, { key: input.name });
    const mapping: LabelMapping = { ...DEFAULT_LABEL_MAPPING, ...input.mapping };
    const user: User = {
      id: deps.ids.newId(), username: intakeUsername(input.name), displayName: `Alertmanager ${input.name}`, role: 'pelapor', unitId: unit.id,
      nip: null, active: true, createdAt: ctx.now, language: null,
    };
    await ctx.tx.users.insert(user, NO_PASSWORD);
    const integration: IntakeIntegration = {
      id: deps.ids.newId(), name: input.name, unitId: unit.id, userId: user.id, mapping, createdBy: actorOf(ctx).user.id, createdAt: ctx.now,
      secretRotatedAt: ctx.now, retiredAt: null,
    };
    const secret = newSecret(deps);
    await ctx.tx.intake.insert(integration, deps.sha256(secret));
    ctx.log({ type: 'intake.integration_added', unitId: unit.id, caseId: null, data: {
      integrationId: integration.id, name: integration.name, unit: unit.code, userId: user.id, username: user.username, mapping } });
    return { integration: view(integration), secret };
  });
}

/** The integrations an actor may manage: every one for the superadmin, their unit's for a koordinator. */
export function listIntakeIntegrations(deps: AppDeps, inv: Invocation): Promise<IntakeIntegrationView[]> {
  return runUseCase(deps, inv, 'intake.integration.list', async (ctx) => {
    const scope = intakeListScope(actorOf(ctx));
    return (await ctx.tx.intake.list(scope === 'all' ? {} : { unitId: scope.unitId })).map(view);
  }, { readOnly: true });
}

/** A new bearer secret for an integration in service, returned once; the old one stops working at once. Logged without either. */
export function rotateIntakeSecret(deps: AppDeps, inv: Invocation, integration: string): Promise<{ integration: IntakeIntegrationView; secret: string }> {
  return runUseCase(deps, inv, 'intake.integration.rotate_secret', async (ctx) => {
    const i = await integrationNamed(ctx, integration);
    if (i.retiredAt !== null) throw DomainError.of('conflict', 'intake.already_retired', { integration: i.name });
    const secret = newSecret(deps);
    await ctx.tx.intake.setSecretHash(i.id, deps.sha256(secret), ctx.now);
    ctx.log({ type: 'intake.secret_rotated', unitId: i.unitId, caseId: null, data: { integrationId: i.id, name: i.name } });
    return { integration: view({ ...i, secretRotatedAt: ctx.now }), secret };
  });
}

/**
 * Retires an integration: its webhook is refused from now on and its identity deactivated; the
 * cases it opened and the alerts it recorded stay. With a reason, logged.
 */
export function retireIntakeIntegration(deps: AppDeps, inv: Invocation, integration: string, raw: unknown): Promise<IntakeIntegrationView> {
  return runUseCase(deps, inv, 'intake.integration.retire', async (ctx) => {
    const input = parseInput(RetireIntakeInput, raw);
    const i = await integrationNamed(ctx, integration);
    if (i.retiredAt !== null) throw DomainError.of('conflict', 'intake.already_retired', { integration: i.name });
    await ctx.tx.intake.retire(i.id, ctx.now);
    await ctx.tx.users.setActive(i.userId, false, ctx.now);
    ctx.log({ type: 'intake.integration_retired', unitId: i.unitId, caseId: null, data: { integrationId: i.id, name: i.name, reason: input.reason } });
    return view({ ...i, retiredAt: ctx.now });
  });
}
