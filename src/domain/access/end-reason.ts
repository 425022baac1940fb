/**
 * Why a gateway session ended: the one list the gateway writes, the store keeps, the logbook
 * carries and the HTTP schema (and so the OpenAPI document) offers. Add a reason here, nowhere else.
 */
export const END_REASONS = [
  /** The client closed the connection. */
  'client_closed',
  /** The connection to the target was lost. */
  'target_closed',
  /** Ended by a koordinator or admin (`terminatedBy` says who). */
  'terminated',
  /** The gateway was stopped (SIGTERM). */
  'shutdown',
  /** No traffic for the configured idle time. */
  'idle_timeout',
  /** A recording could not be written (fails closed). */
  'recording_failed',
  /** The access rules, decided again while the session lasted, refused it. */
  'access_revoked',
  /** Evidence could not be written, or access could not be confirmed. */
  'error',
  /** Left open by a killed gateway process, closed when the node started again. */
  'gateway_restart',
  /** Its node stopped confirming its sessions; closed by another node. */
  'node_lost',
  /** The client sent more refused requests (forwarding, unknown channel types…) than a session may. */
  'too_many_refusals',
] as const;

export type EndReason = (typeof END_REASONS)[number];

/** An end the client or the target chose (the channels may take their time to flush), as opposed to one the gateway forced. */
export function isOrderlyEnd(reason: EndReason): boolean {
  return reason === 'client_closed' || reason === 'target_closed';
}
