import type { Urgency } from '../case/repair-case.js';
import type { LogbookEntry } from '../logbook/logbook-entry.js';
import type { NotificationEventType, NotificationRecord } from './notification-event.js';

/** The urgencies whose report is an urgent fault (`fault.urgent_reported`): the SOP's *gangguan yang bersifat urgent*. */
export const URGENT_URGENCIES: readonly Urgency[] = ['high', 'critical'];

/** A logbook entry as a use case queued it (its data still an object), with the place it got in the chain. */
export type CausingEntry = Pick<LogbookEntry, 'seq' | 'at' | 'type' | 'actorId' | 'unitId' | 'caseId'> & { readonly data: Readonly<Record<string, unknown>> };

/** The names a notification carries, read in the entry's own transaction. */
export interface NotificationFacts {
  readonly unit: { readonly id: string; readonly code: string; readonly name: string } | null;
  readonly case: {
    readonly system: string; readonly urgency: string; readonly status: string; readonly targetName: string | null;
    readonly executorUsername: string | null; readonly executorName: string | null;
  } | null;
  readonly actor: { readonly username: string; readonly displayName: string } | null;
}

export type NotificationDraft = Omit<NotificationRecord, 'id'>;
export type FlatValue = string | number | boolean | null;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const flat = (v: unknown): FlatValue => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null);
const obj = (v: unknown): Readonly<Record<string, unknown>> => (v !== null && typeof v === 'object' ? v as Record<string, unknown> : {});

/** The gateway's refusals notified (a flood the gateway summarises is one `gateway.refusals_summarised` entry, not notified). */
const isGatewayRefusal = (e: CausingEntry): boolean => e.type === 'refusal' && e.data['via'] === 'gateway';

/**
 * Which notification, if any, a logbook entry causes. Cheap: most entries cause none, and their
 * use case then reads nothing more.
 */
export function notificationCause(e: CausingEntry): NotificationEventType | null {
  switch (e.type) {
    case 'case.reported': return URGENT_URGENCIES.includes(e.data['urgency'] as Urgency) ? 'fault.urgent_reported' : null;
    case 'case.acknowledged': return 'case.assigned';
    case 'case.closed': return 'case.awaiting_approval';
    case 'case.approved': return 'case.approved';
    case 'case.returned': return 'case.returned';
    case 'case.access_started': return e.data['via'] === 'gateway' ? 'gateway.session_opened' : null;
    default: return isGatewayRefusal(e) ? 'gateway.access_refused' : null;
  }
}

/** The case the entry is about: its own, or the one a gateway refusal named. */
export function causingCaseId(e: CausingEntry): string | null {
  return e.caseId ?? str(obj(e.data['details'])['caseId']);
}

/** The key that makes the notification of one entry exist once. */
export const entryDedupeKey = (e: CausingEntry, type: NotificationEventType): string => `logbook:${e.seq}:${type}`;

/** The notification of `type` that entry `e` causes, with flat values and names (not only ids). */
export function notificationFromEntry(type: NotificationEventType, e: CausingEntry, f: NotificationFacts): NotificationDraft {
  const common: Record<string, FlatValue> = { ...factValues(f), logbookSeq: e.seq };
  const own = entryValues(type, e.data);
  return { type, occurredAt: e.at, unitId: f.unit?.id ?? e.unitId, caseId: causingCaseId(e), data: { ...common, ...dropNulls(own, common) } };
}

/** The names every notification carries: unit, case (system, target, executor), actor. */
export function factValues(f: NotificationFacts): Record<string, FlatValue> {
  const c = f.case;
  return {
    unitCode: f.unit?.code ?? null, unitName: f.unit?.name ?? null,
    ...(c ? { system: c.system, urgency: c.urgency, status: c.status, targetName: c.targetName, executorUsername: c.executorUsername, executorName: c.executorName } : {}),
    actorUsername: f.actor?.username ?? null, actorName: f.actor?.displayName ?? null,
  };
}

/** What the entry itself says that its notification carries. */
function entryValues(type: NotificationEventType, d: Readonly<Record<string, unknown>>): Record<string, FlatValue> {
  switch (type) {
    case 'fault.urgent_reported':
      return { system: flat(d['system']), urgency: flat(d['urgency']), channel: flat(d['channel']), targetName: flat(d['target']), description: flat(d['description']), step: 'B1' };
    case 'case.assigned':
      return { classification: flat(d['classification']), impact: flat(d['impact']), executorUsername: flat(d['executor']), step: flat(d['step']) };
    case 'case.returned':
      return { reason: flat(d['reason']), step: flat(d['step']) };
    case 'case.awaiting_approval': case 'case.approved':
      return { notes: flat(d['notes']), step: flat(d['step']) };
    case 'gateway.session_opened':
      return { sessionId: flat(d['sessionId']), first: flat(d['first']), targetName: flat(d['target']), loginAccount: flat(d['loginAccount']),
        sourceIp: flat(d['sourceIp']), network: flat(d['network']), workstation: flat(d['workstation']) };
    case 'gateway.access_refused': {
      const details = obj(d['details']), reason = obj(d['reason']);
      return { action: flat(d['action']), code: flat(d['code']), rule: flat(details['rule']), username: flat(details['username']) ?? flat(d['claimedActor']),
        targetName: flat(details['target']), sourceIp: flat(details['sourceIp']) ?? flat(d['sourceIp']), reasonId: flat(reason['id']), reasonEn: flat(reason['en']) };
    }
    default: return {};
  }
}

/** An entry's own value wins, but a null of its own does not erase a name the facts know. */
function dropNulls(own: Record<string, FlatValue>, known: Record<string, FlatValue>): Record<string, FlatValue> {
  return Object.fromEntries(Object.entries(own).filter(([k, v]) => v !== null || known[k] === undefined));
}
