import { DomainError } from '../errors.js';
import type { Actor } from './case.policy.js';

/**
 * Webhook endpoints (issue 13): the superadmin manages every one, LKPP-wide ones included; a
 * koordinator those of their own unit (they approve its repairs and answer for who is told about
 * them). Nobody else sees or changes them: an endpoint's URL says where the unit's events go.
 */
export type WebhookScope = 'all' | { readonly unitId: string };

/** Which endpoints the actor may list and manage; refuses everyone else. `unitCode` names what was asked for, in the refusal. */
export function webhookScope(actor: Actor | null, unitCode: string | null = null): WebhookScope {
  if (actor === null || actor.user.role === 'superadmin') return 'all';
  if (actor.user.role === 'koordinator' && actor.user.unitId !== null) return { unitId: actor.user.unitId };
  throw DomainError.of('forbidden', 'webhook.forbidden', { role: actor.user.role, unit: unitCode }, { role: actor.user.role });
}

/** Refuses a change to an endpoint of `unitId` (null: LKPP-wide) outside the actor's scope. */
export function assertMayManageWebhook(actor: Actor | null, unitId: string | null, unitCode: string | null): void {
  const scope = webhookScope(actor, unitCode);
  if (scope === 'all' || scope.unitId === unitId) return;
  throw DomainError.of('forbidden', 'webhook.forbidden', { role: actor?.user.role ?? '', unit: unitCode }, { role: actor?.user.role ?? '' });
}
