import type { Network } from '../../domain/registry/network.js';
import type { AppDeps } from '../app-deps.js';

/**
 * The networks in service (not retired), for the gateway's pre-authentication limits: addresses
 * inside them get slots that idle sockets from elsewhere cannot take. The gateway must decide at
 * TCP accept, before any await, so it keeps this list and refreshes it on its heartbeat.
 */
export function listGatewaySourceNetworks(deps: AppDeps): Promise<Network[]> {
  return deps.store.read((r) => r.networks.list({ includeRetired: false }));
}
