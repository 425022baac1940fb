import { z } from 'zod';
import { assertMayManageWebhook, webhookScope } from '../../domain/auth/webhook.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { NOTIFICATION_EVENTS } from '../../domain/notification/notification-event.js';
import type { WebhookEndpoint, WebhookEvents } from '../../domain/notification/webhook-endpoint.js';
import { WEBHOOK_URL_MAX, checkWebhookUrl, webhookUrlForLog } from '../../domain/notification/webhook-endpoint.js';
import { newWebhookSecret } from '../../domain/notification/webhook-signature.js';
import { isRetired } from '../../domain/registry/retirement.js';
import type { Repositories } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { reason } from '../registry/registry-lookups.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';

/** What adding an endpoint needs of the configuration: whether plain http is allowed beyond this machine. */
export interface WebhookDeps extends AppDeps {
  readonly config: { readonly webhooks: { readonly allowHttp: boolean } };
}

export const WebhookEventsInput = z.union([z.literal('all'), z.array(z.enum(NOTIFICATION_EVENTS)).min(1).max(NOTIFICATION_EVENTS.length)])
  .describe('the notifications it takes: "all", or a list of event types');

export const AddWebhookInput = z.object({
  url: z.string().trim().min(1).max(WEBHOOK_URL_MAX)
    .describe('https://… (http only to a receiver on this machine, or with JAGA_WEBHOOK_ALLOW_HTTP=1); no user name or password in it'),
  unit: name().nullable().describe('the unit (code) whose notifications it takes; null: every unit\'s, LKPP-wide (superadmin only)'),
  events: WebhookEventsInput.default('all'),
}).strict();

export const WebhookChangeInput = z.object({ endpoint: z.string().trim().min(1).max(100), reason: reason() }).strict();

/** An endpoint as lists and answers show it: its unit by code, its creator by username; never the secret. */
export interface WebhookEndpointView {
  readonly id: string;
  readonly url: string;
  /** The unit's code; null: every unit (LKPP-wide). */
  readonly unit: string | null;
  readonly events: WebhookEvents;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly secretRotatedAt: string | null;
  readonly retiredAt: string | null;
}

/** An endpoint with its signing secret: the only answers that carry it (creation and rotation); it is not shown again. */
export interface WebhookEndpointWithSecret {
  readonly endpoint: WebhookEndpointView;
  /** `whsec_` + base64 of 32 random bytes (Standard Webhooks). */
  readonly secret: string;
}

async function viewOf(tx: Repositories, e: WebhookEndpoint): Promise<WebhookEndpointView> {
  const unit = e.unitId === null ? undefined : await tx.units.findById(e.unitId);
  const creator = await tx.users.findById(e.createdBy);
  return {
    id: e.id, url: e.url, unit: e.unitId === null ? null : unit?.code ?? e.unitId, events: e.events, createdBy: creator?.username ?? e.createdBy,
    createdAt: e.createdAt, secretRotatedAt: e.secretRotatedAt, retiredAt: e.retiredAt,
  };
}

/** The events as stored: "all", or the listed types once each, in the catalogue's order. */
const eventsOf = (given: z.infer<typeof WebhookEventsInput>): WebhookEvents =>
  (given === 'all' ? 'all' : NOTIFICATION_EVENTS.filter((e) => given.includes(e)));

/**
 * Adds a webhook endpoint for a unit (or, by the superadmin, for every unit) and makes its signing
 * secret, which the answer carries once: the store keeps it sealed, the logbook never sees it.
 */
export function addWebhookEndpoint(deps: WebhookDeps, inv: Invocation, raw: unknown): Promise<WebhookEndpointWithSecret> {
  return runUseCase(deps, inv, 'webhook.add', async (ctx) => {
    webhookScope(ctx.actor);
    const input = parseInput(AddWebhookInput, raw);
    const url = checkWebhookUrl(input.url, { allowHttp: deps.config.webhooks.allowHttp });
    const unit = input.unit === null ? null : await ctx.tx.units.findByIdOrCode(input.unit);
    if (unit === undefined) throw notFound('unit', input.unit ?? '');
    assertMayManageWebhook(ctx.actor, unit?.id ?? null, unit?.code ?? null);
    const endpoint: WebhookEndpoint = {
      id: deps.ids.newId(), url, unitId: unit?.id ?? null, events: eventsOf(input.events), createdBy: actorId(ctx), createdAt: ctx.now,
      secretRotatedAt: null, retiredAt: null,
    };
    const secret = newWebhookSecret(deps.randomToken);
    await ctx.tx.webhookEndpoints.insert(endpoint, deps.secretBox.seal(secret));
    ctx.log({ type: 'webhook.endpoint_added', unitId: endpoint.unitId, caseId: null,
      data: { endpointId: endpoint.id, url: webhookUrlForLog(url), unit: unit?.code ?? null, events: endpoint.events } });
    return { endpoint: await viewOf(ctx.tx, endpoint), secret };
  });
}

/** The endpoints the actor manages (retired ones too): every one for the superadmin, their unit's for a koordinator. */
export function listWebhookEndpoints(deps: AppDeps, inv: Invocation): Promise<WebhookEndpointView[]> {
  return runUseCase(deps, inv, 'webhook.list', async (ctx) => {
    const scope = webhookScope(ctx.actor);
    const list = await ctx.tx.webhookEndpoints.list(scope);
    const views: WebhookEndpointView[] = [];
    for (const e of list) views.push(await viewOf(ctx.tx, e));
    return views;
  }, { readOnly: true });
}

/** An endpoint in service that the actor manages. */
async function managedEndpoint(ctx: UseCaseContext, key: string): Promise<{ endpoint: WebhookEndpoint; unit: string | null }> {
  webhookScope(ctx.actor);
  const stored = await ctx.tx.webhookEndpoints.findById(key);
  if (!stored) throw notFound('webhook', key);
  const e = stored.endpoint;
  const unit = e.unitId === null ? null : (await ctx.tx.units.findById(e.unitId))?.code ?? e.unitId;
  assertMayManageWebhook(ctx.actor, e.unitId, unit);
  if (isRetired(e.retiredAt)) throw DomainError.of('conflict', 'webhook.retired', { id: e.id });
  return { endpoint: e, unit };
}

/**
 * Replaces an endpoint's signing secret (after a leak, or on a schedule): the new one is in the
 * answer, once; deliveries from now on are signed with it, retries of earlier ones included.
 */
export function rotateWebhookSecret(deps: AppDeps, inv: Invocation, raw: unknown): Promise<WebhookEndpointWithSecret> {
  return runUseCase(deps, inv, 'webhook.rotate_secret', async (ctx) => {
    const input = parseInput(WebhookChangeInput, raw);
    const { endpoint, unit } = await managedEndpoint(ctx, input.endpoint);
    const secret = newWebhookSecret(deps.randomToken);
    await ctx.tx.webhookEndpoints.setSecret(endpoint.id, deps.secretBox.seal(secret), ctx.now);
    ctx.log({ type: 'webhook.secret_rotated', unitId: endpoint.unitId, caseId: null,
      data: { endpointId: endpoint.id, url: webhookUrlForLog(endpoint.url), unit, reason: input.reason } });
    return { endpoint: await viewOf(ctx.tx, { ...endpoint, secretRotatedAt: ctx.now }), secret };
  });
}

/** Takes an endpoint out of service for good: nothing more is sent to it (the row stays; the logbook names it). */
export function retireWebhookEndpoint(deps: AppDeps, inv: Invocation, raw: unknown): Promise<WebhookEndpointView> {
  return runUseCase(deps, inv, 'webhook.retire', async (ctx) => {
    const input = parseInput(WebhookChangeInput, raw);
    const { endpoint, unit } = await managedEndpoint(ctx, input.endpoint);
    await ctx.tx.webhookEndpoints.retire(endpoint.id, ctx.now);
    ctx.log({ type: 'webhook.endpoint_retired', unitId: endpoint.unitId, caseId: null,
      data: { endpointId: endpoint.id, url: webhookUrlForLog(endpoint.url), unit, reason: input.reason } });
    return viewOf(ctx.tx, { ...endpoint, retiredAt: ctx.now });
  });
}

/** runUseCase refuses a missing actor for these use cases; the bootstrap path (null) is the CLI's installation step only. */
function actorId(ctx: UseCaseContext): string {
  const id = ctx.actor?.user.id;
  if (id === undefined) throw DomainError.of('forbidden', 'auth.actor_required', {});
  return id;
}
