import { addWebhookEndpoint, listWebhookEndpoints, retireWebhookEndpoint, rotateWebhookSecret } from '../../app/notification/webhook-endpoints.js';
import type { WebhookEndpointView } from '../../app/notification/webhook-endpoints.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { actor, arg, flag, json, say, str, word } from './helpers.js';

/** `--events all` (the default) or `a,b,c`. */
function eventsOption(ctx: CommandContext): unknown {
  const v = str(ctx, 'events');
  if (v === undefined || v.trim() === 'all') return 'all';
  return v.split(',').map((e) => e.trim()).filter((e) => e !== '');
}

function unitOption(ctx: CommandContext): string | null {
  const unit = str(ctx, 'unit');
  if (unit !== undefined && flag(ctx, 'all-units')) throw UsageError.of('cli.options_exclusive', { first: 'unit', second: 'all-units' });
  if (unit === undefined && !flag(ctx, 'all-units')) throw UsageError.of('cli.option_required', { option: 'unit' });
  return unit ?? null;
}

function line(ctx: CommandContext, e: WebhookEndpointView): string {
  const status = e.retiredAt === null ? word(ctx, 'cli.registry.active') : `${word(ctx, 'cli.registry.retired')} ${e.retiredAt}`;
  const events = e.events === 'all' ? word(ctx, 'cli.webhook.all_events') : e.events.join(',');
  return `${e.id}  ${e.unit ?? word(ctx, 'cli.registry.all_units')}  ${status}  ${events}  ${e.url}`;
}

const REASON = { reason: { type: 'string', help: 'why (kept in the logbook with who did it)', required: true, value: 'TEXT' } } as const;

/** Webhook endpoints (issue 13): the signing secret goes to stdout once, the notice to stderr, so `> secret.txt` keeps only the secret. */
export const webhookCommands: Command[] = [
  {
    name: 'webhook add', needsActor: true,
    summary: 'add a webhook endpoint for a unit (superadmin, or the unit\'s koordinator) or every unit (superadmin); its signing secret is printed once on stdout',
    options: {
      url: { type: 'string', help: 'https://… (http only to this machine, or with JAGA_WEBHOOK_ALLOW_HTTP=1); no user or password in it', required: true, value: 'URL' },
      unit: { type: 'string', help: 'the unit (code) whose notifications it takes', value: 'CODE' },
      'all-units': { type: 'boolean', help: 'every unit\'s notifications, LKPP-wide (superadmin)' },
      events: { type: 'string', help: 'all (default), or event types separated by commas (fault.urgent_reported,case.approved,…)', value: 'LIST' },
    },
    async run(ctx) {
      const r = await addWebhookEndpoint(await ctx.app(), actor(ctx), { url: str(ctx, 'url'), unit: unitOption(ctx), events: eventsOption(ctx) });
      ctx.io.err(say(ctx, 'cli.webhook.secret_once', { id: r.endpoint.id, action: 'added' }));
      ctx.io.out(r.secret);
    },
  },
  {
    name: 'webhook list', needsActor: true, summary: 'webhook endpoints you manage, retired ones too (never their secrets)',
    options: { json: { type: 'boolean', help: 'as JSON' } },
    async run(ctx) {
      const list = await listWebhookEndpoints(await ctx.app(), actor(ctx));
      if (flag(ctx, 'json')) return json(ctx, list);
      if (list.length === 0) ctx.io.out(word(ctx, 'cli.registry.empty'));
      for (const e of list) ctx.io.out(line(ctx, e));
    },
  },
  {
    name: 'webhook rotate-secret', args: '<webhook-id>', needsActor: true, summary: 'give a webhook endpoint a new signing secret, printed once on stdout',
    options: REASON,
    async run(ctx) {
      const r = await rotateWebhookSecret(await ctx.app(), actor(ctx), { endpoint: arg(ctx), reason: str(ctx, 'reason') });
      ctx.io.err(say(ctx, 'cli.webhook.secret_once', { id: r.endpoint.id, action: 'rotated' }));
      ctx.io.out(r.secret);
    },
  },
  {
    name: 'webhook retire', args: '<webhook-id>', needsActor: true, summary: 'retire a webhook endpoint: nothing is sent to it any more', options: REASON,
    async run(ctx) {
      const e = await retireWebhookEndpoint(await ctx.app(), actor(ctx), { endpoint: arg(ctx), reason: str(ctx, 'reason') });
      ctx.io.err(say(ctx, 'cli.webhook.retired', { id: e.id }));
    },
  },
];
