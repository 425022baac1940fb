import { addIntakeIntegration, listIntakeIntegrations, retireIntakeIntegration, rotateIntakeSecret } from '../../app/intake/intake-integrations.js';
import type { Command, CommandContext } from '../command.js';
import { actor, arg, defined, flag, json, list, say, str } from './helpers.js';

/** `--map-urgency critical=critical --map-urgency warning=medium` → `{ critical: 'critical', warning: 'medium' }` (the use case checks the values). */
function urgencies(ctx: CommandContext): Record<string, string> | undefined {
  const pairs = list(ctx, 'map-urgency');
  if (pairs.length === 0) return undefined;
  return Object.fromEntries(pairs.map((p) => {
    // Without `=`, the value's urgency is empty: the use case refuses it, naming the field.
    const at = p.indexOf('=');
    return at < 0 ? [p, ''] : [p.slice(0, at), p.slice(at + 1)];
  }));
}

function mapping(ctx: CommandContext): Record<string, unknown> | undefined {
  const targetLabels = list(ctx, 'target-label');
  const systemLabels = list(ctx, 'system-label');
  const m = defined({
    targetLabels: targetLabels.length ? targetLabels : undefined, urgencyLabel: str(ctx, 'urgency-label'), urgencies: urgencies(ctx),
    defaultUrgency: str(ctx, 'default-urgency'), systemLabels: systemLabels.length ? systemLabels : undefined,
  });
  return Object.keys(m).length ? m : undefined;
}

/** Alertmanager integrations (issue 13): each posts to /api/v1/intake/alertmanager/<name> with its bearer secret. */
export const intakeCommands: Command[] = [
  {
    name: 'intake add', args: '<name>', needsActor: true,
    summary: 'add an Alertmanager integration of a unit (superadmin, or the unit\'s koordinator); its bearer secret is printed once on stdout, stored only as a hash',
    options: {
      unit: { type: 'string', help: 'the LPSE unit whose cases its alerts open', required: true, value: 'UNIT' },
      'target-label': { type: 'string', multiple: true, help: 'a label naming the target, first match wins (repeatable; default target, instance)', value: 'LABEL' },
      'urgency-label': { type: 'string', help: 'the label giving the urgency (default severity)', value: 'LABEL' },
      'map-urgency': { type: 'string', multiple: true, help: 'a label value and its urgency, e.g. warning=medium (repeatable; replaces the default table)', value: 'VALUE=URGENCY' },
      'default-urgency': { type: 'string', help: 'low | medium | high | critical, when the label says nothing mapped (default medium)', value: 'URGENCY' },
      'system-label': { type: 'string', multiple: true, help: 'a label naming the affected system, first present wins (repeatable; default service, job, alertname)', value: 'LABEL' },
    },
    async run(ctx) {
      const m = mapping(ctx);
      const r = await addIntakeIntegration(await ctx.app(), actor(ctx), { name: arg(ctx), unit: str(ctx, 'unit'), ...(m ? { mapping: m } : {}) });
      ctx.io.err(say(ctx, 'cli.intake.added', { name: r.integration.name, unit: str(ctx, 'unit') ?? '', path: r.integration.webhookPath }));
      ctx.io.out(r.secret);
    },
  },
  {
    name: 'intake list', summary: 'Alertmanager integrations (superadmin: all; koordinator: their unit); never the secrets', needsActor: true,
    options: { json: { type: 'boolean', help: 'as JSON' } },
    async run(ctx) {
      const all = await listIntakeIntegrations(await ctx.app(), actor(ctx));
      if (flag(ctx, 'json')) return json(ctx, all);
      for (const i of all) {
        const state = i.retiredAt === null ? say(ctx, 'cli.intake.active') : say(ctx, 'cli.intake.retired_at', { at: i.retiredAt });
        ctx.io.out(`${i.name}  ${i.username}  ${state}  ${i.webhookPath}`);
      }
    },
  },
  {
    name: 'intake rotate-secret', args: '<name>', needsActor: true, options: {},
    summary: 'a new bearer secret for an integration, printed once on stdout; the old one stops working at once',
    async run(ctx) {
      const r = await rotateIntakeSecret(await ctx.app(), actor(ctx), arg(ctx));
      ctx.io.err(say(ctx, 'cli.intake.rotated', { name: r.integration.name }));
      ctx.io.out(r.secret);
    },
  },
  {
    name: 'intake retire', args: '<name>', needsActor: true,
    summary: 'retire an integration: its webhook is refused from now on; the cases it opened stay',
    options: { reason: { type: 'string', help: 'why (kept in the logbook with who did it)', required: true, value: 'TEXT' } },
    async run(ctx) {
      const i = await retireIntakeIntegration(await ctx.app(), actor(ctx), arg(ctx), { reason: str(ctx, 'reason') });
      ctx.io.err(say(ctx, 'cli.intake.retired', { name: i.name }));
    },
  },
];
