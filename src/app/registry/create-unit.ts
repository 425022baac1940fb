import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import { DEFAULT_TIME_ZONE, requireTimeZone } from '../../domain/registry/unit.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

export const CreateUnitInput = z.object({
  code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
  name: name(),
  timeZone: z.string().trim().max(64).default(DEFAULT_TIME_ZONE),
  national: z.boolean().default(false).describe('a national unit (LKPP): its networks admit access to every unit\'s targets'),
}).strict();

export function createUnit(deps: AppDeps, inv: Invocation, raw: unknown): Promise<LpseUnit> {
  return runUseCase(deps, inv, 'registry.unit.create', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'unit');
    const input = parseInput(CreateUnitInput, raw);
    const unit: LpseUnit = { id: deps.ids.newId(), code: input.code, name: input.name, timeZone: requireTimeZone(input.timeZone),
      national: input.national, createdAt: ctx.now };
    await ctx.tx.units.insert(unit);
    ctx.log({ type: 'registry.unit.created', unitId: unit.id, caseId: null, data: { code: unit.code, name: unit.name, timeZone: unit.timeZone, national: unit.national } });
    return unit;
  });
}
