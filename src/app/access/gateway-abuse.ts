import type { Network } from '../../domain/registry/network.js';
import type { AppDeps } from '../app-deps.js';
import { runUseCase } from '../use-case.js';

/**
 * The networks in service (not retired), for the gateway's pre-authentication limits: addresses
 * inside them get slots that idle sockets from elsewhere cannot take. The gateway must decide at
 * TCP accept, before any await, so it keeps this list and refreshes it on its heartbeat.
 */
export function listGatewaySourceNetworks(deps: AppDeps): Promise<Network[]> {
  return deps.store.read((r) => r.networks.list({ includeRetired: false }));
}

/**
 * Refusals the gateway counted instead of logging each (repeated ones from one source outside the
 * registered networks, or of one session): one entry per window with their count by code or kind.
 * The first refusal of each window was logged in full.
 */
export function logGatewayRefusalsSummarised(deps: AppDeps, data: { source: string; sourceIp: string; count: number; codes: Record<string, number>; windowSeconds: number }): Promise<void> {
  return runUseCase(deps, { actor: null, via: 'gateway', sourceIp: data.sourceIp }, 'gateway.refusals_summarised', async (ctx) => {
    ctx.log({ type: 'gateway.refusals_summarised', unitId: null, caseId: null, data });
  }, { requireActor: false });
}
