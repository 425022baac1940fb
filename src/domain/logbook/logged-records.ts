import type { RepairCase } from '../case/repair-case.js';
import { canonicalJson } from './canonical-json.js';
import type { LogbookEntry } from './logbook-entry.js';

/** What the logbook says of one field of a stored record, and the entry that said it last. */
export interface LoggedValue { readonly value: unknown; readonly seq: number }
/** Field path (`status`, `accesses[<id>].endedAt`, `recordings[<file>].sha256`) → its logged value. */
export type LoggedFields = Map<string, LoggedValue>;

/** The records the logbook is the source of truth for: the stored row of each is checked against it. */
export type RecordEntity = 'case' | 'session' | 'recording';

/** The first field where a stored record and the logbook disagree; `null`: one side has nothing there. */
export interface RecordDifference {
  readonly field: string;
  readonly logbook: string | null;
  readonly stored: string | null;
  /** The entry that recorded the logbook's value (0 when the logbook has none). */
  readonly seq: number;
}

/**
 * Fields the logbook records only since entries name them (an older entry has no `executorId`,
 * only the executor's username): compared when logged, never missed when absent.
 */
const ADDED_LATER = /(^|\.)(targetId|timeZone|executorId|workstationId|networkId)$/;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const SAVE_STEPS: Readonly<Record<string, string>> = {
  'case.acknowledged': 'acknowledgement', 'case.prepared': 'preparation', 'case.preparation_failed': 'preparation',
  'case.restored': 'restoration', 'case.root_caused': 'rootCause', 'case.closed': 'closure', 'case.approved': 'approval',
  'case.cancelled': 'cancellation',
};
/** The entry's data field → the case field, per step (only what the entry copies from the case as it was stored). */
const STEP_FIELDS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'case.acknowledged': [['classification', 'classification'], ['impact', 'impact'], ['executorId', 'executorId']],
  'case.prepared': [['location', 'location'], ['network', 'networkName'], ['sourceIp', 'sourceIp'], ['workstationId', 'workstationId'], ['networkId', 'networkId']],
  'case.restored': [['initialFix', 'initialFix']],
  'case.root_caused': [['rootCause', 'rootCause'], ['permanentFix', 'permanentFix']],
  'case.closed': [['notes', 'notes']],
  'case.approved': [['notes', 'notes']],
  'case.cancelled': [['reason', 'reason']],
};

/**
 * The cases, gateway sessions and recordings as the logbook tells them, folded from its entries
 * in chain order: a later entry about a field replaces an earlier one, as the stored row would.
 */
export class LoggedRecords {
  readonly cases = new Map<string, LoggedFields>();
  readonly sessions = new Map<string, LoggedFields>();
  readonly recordings = new Map<string, LoggedFields>();

  push(e: LogbookEntry): void {
    const isCase = e.type.startsWith('case.');
    if (!isCase && e.type !== 'gateway.recording_closed') return;
    const data = JSON.parse(e.data) as Record<string, unknown>;
    if (e.type === 'gateway.recording_closed') {
      const file = str(data['file']);
      if (file) this.logRecording(file, data, e.seq);
      return;
    }
    if (e.caseId === null) return;
    const c = fieldsOf(this.cases, e.caseId);
    const set = (field: string, value: unknown) => { if (value !== undefined) c.set(field, { value, seq: e.seq }); };
    if ('status' in data) set('status', data['status']);
    for (const d of Array.isArray(data['deviations']) ? data['deviations'] as Record<string, unknown>[] : []) {
      set(`deviations[${String(d['step'])}].overMinutes`, d['overMinutes']);
      set(`deviations[${String(d['step'])}].standardMinutes`, d['standardMinutes']);
    }
    const section = SAVE_STEPS[e.type];
    if (section) {
      set(`${section}.at`, e.at);
      set(`${section}.by`, e.actorId);
      for (const [from, to] of STEP_FIELDS[e.type === 'case.preparation_failed' ? 'case.prepared' : e.type] ?? []) set(`${section}.${to}`, data[from]);
    }
    switch (e.type) {
      case 'case.reported': {
        set('unitId', e.unitId);
        set('sop', data['sop']);
        set('report.reportedAt', e.at);
        set('report.reporterId', e.actorId);
        for (const f of ['system', 'description', 'urgency', 'channel']) set(`report.${f}`, data[f]);
        set('targetId', data['targetId']);
        set('timeZone', data['timeZone']);
        break;
      }
      case 'case.access_started': {
        const id = str(data['accessId']);
        if (!id) break;
        const a = `accesses[${id}]`;
        set(`${a}.startedAt`, e.at);
        // The entry's `via` is the transport (the use case adds it to every entry): only the gateway records gateway accesses.
        set(`${a}.via`, data['via'] === 'gateway' ? 'gateway' : 'manual');
        set(`${a}.sourceIp`, data['sourceIp']);
        set(`${a}.recordedBy`, e.actorId);
        set(`${a}.networkId`, data['networkId']);
        if (typeof data['sessionId'] === 'string') {
          const s = fieldsOf(this.sessions, data['sessionId']);
          for (const [field, value] of [['caseId', e.caseId], ['unitId', e.unitId], ['userId', e.actorId], ['startedAt', e.at], ['sourceIp', data['sourceIp']],
            ['keyFingerprint', data['keyFingerprint']], ['networkId', data['networkId']]] as const) {
            if (value !== undefined) s.set(field, { value, seq: e.seq });
          }
        }
        break;
      }
      case 'case.access_ended': {
        const id = str(data['accessId']);
        // The first end is the one the case kept (a repeated close of the same session changes nothing).
        if (id && !c.has(`accesses[${id}].endedAt`)) set(`accesses[${id}].endedAt`, e.at);
        const sid = str(data['sessionId']);
        if (!sid) break;
        const s = fieldsOf(this.sessions, sid);
        for (const f of ['endedAt', 'endReason', 'bytesUp', 'bytesDown']) if (data[f] !== undefined) s.set(f, { value: data[f], seq: e.seq });
        for (const r of Array.isArray(data['recordings']) ? data['recordings'] as Record<string, unknown>[] : []) {
          const file = str(r['file']);
          if (!file) continue;
          s.set(`recordings[${file}].sha256`, { value: r['sha256'], seq: e.seq });
          s.set(`recordings[${file}].bytes`, { value: r['bytes'], seq: e.seq });
          if (!this.recordings.has(file)) this.logRecording(file, r, e.seq);
        }
        break;
      }
      case 'case.returned': {
        // The closure goes into the trail as the logbook last told it, and leaves the case.
        const n = [...c.keys()].filter((k) => /^returns\[\d+\]\.at$/.test(k)).length;
        set(`returns[${n}].at`, e.at);
        set(`returns[${n}].by`, e.actorId);
        set(`returns[${n}].reason`, data['reason']);
        for (const f of ['at', 'by', 'notes']) {
          set(`returns[${n}].closure.${f}`, c.get(`closure.${f}`)?.value ?? null);
          set(`closure.${f}`, null);
        }
        break;
      }
      case 'case.corrected': {
        const n = [...c.keys()].filter((k) => /^corrections\[\d+\]\.at$/.test(k)).length;
        const corrections = Array.isArray(data['corrections']) ? data['corrections'] as Record<string, unknown>[] : [];
        for (const [i, x] of corrections.entries()) {
          const field = str(x['field']);
          if (!field) continue;
          set(`corrections[${n + i}].at`, e.at);
          set(`corrections[${n + i}].by`, e.actorId);
          for (const f of ['field', 'before', 'after']) set(`corrections[${n + i}].${f}`, x[f]);
          set(field === 'initialFix' ? 'restoration.initialFix' : `rootCause.${field}`, x['after']);
        }
        break;
      }
      case 'case.deviation_explained': {
        const step = String(data['deviationStep']);
        set(`explanations[${step}].text`, data['explanation']);
        set(`explanations[${step}].by`, e.actorId);
        set(`explanations[${step}].at`, e.at);
        break;
      }
      default:
    }
  }

  private logRecording(file: string, data: Record<string, unknown>, seq: number): void {
    const r = fieldsOf(this.recordings, file);
    r.set('sha256', { value: data['sha256'], seq });
    r.set('bytes', { value: data['bytes'], seq });
  }
}

function fieldsOf(m: Map<string, LoggedFields>, id: string): LoggedFields {
  let f = m.get(id);
  if (!f) m.set(id, (f = new Map()));
  return f;
}

/** The fields of a stored case that its logbook entries record, under the same paths. */
export function caseFields(c: RepairCase): Map<string, unknown> {
  const m = new Map<string, unknown>([
    ['unitId', c.unitId], ['sop', `${c.sopCode} ${c.sopVersion}`], ['status', c.status], ['targetId', c.targetId], ['timeZone', c.timeZone],
    ['report.reportedAt', c.report.reportedAt], ['report.reporterId', c.report.reporterId], ['report.system', c.report.system],
    ['report.description', c.report.description], ['report.urgency', c.report.urgency], ['report.channel', c.report.channel],
  ]);
  const section = (name: string, value: object | null, fields: readonly string[]) => {
    if (!value) return;
    for (const f of ['at', 'by', ...fields]) m.set(`${name}.${f}`, (value as Record<string, unknown>)[f]);
  };
  section('acknowledgement', c.acknowledgement, ['classification', 'impact', 'executorId']);
  section('preparation', c.preparation, ['location', 'networkName', 'sourceIp', 'workstationId', 'networkId']);
  section('restoration', c.restoration, ['initialFix']);
  section('rootCause', c.rootCause, ['rootCause', 'permanentFix']);
  section('closure', c.closure, ['notes']);
  section('approval', c.approval, ['notes']);
  section('cancellation', c.cancellation, ['reason']);
  for (const [i, r] of c.returns.entries()) {
    section(`returns[${i}]`, r, ['reason']);
    section(`returns[${i}].closure`, r.closure, ['notes']);
  }
  for (const [i, x] of c.corrections.entries()) section(`corrections[${i}]`, x, ['field', 'before', 'after']);
  for (const a of c.accesses) {
    for (const f of ['startedAt', 'endedAt', 'via', 'sourceIp', 'recordedBy', 'networkId'] as const) m.set(`accesses[${a.id}].${f}`, a[f]);
  }
  for (const d of c.deviations) {
    m.set(`deviations[${d.step}].overMinutes`, d.overMinutes);
    m.set(`deviations[${d.step}].standardMinutes`, d.standardMinutes);
  }
  for (const [step, x] of Object.entries(c.explanations)) {
    if (x) section(`explanations[${step}]`, x, ['text']);
  }
  return m;
}

const shown = (v: unknown): string => {
  const s = canonicalJson(v ?? null);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};
const absent = (v: unknown): boolean => v === undefined || v === null;

/**
 * The first field (in the stored record's order, then the logbook's) where they disagree: a
 * value that differs, a stored value the logbook never recorded, or a logged one the row lost.
 */
export function firstDifference(logged: LoggedFields | undefined, stored: ReadonlyMap<string, unknown>): RecordDifference | null {
  const l = logged ?? new Map<string, LoggedValue>();
  for (const [field, value] of stored) {
    const got = l.get(field);
    if (got === undefined) {
      if (absent(value) || ADDED_LATER.test(field)) continue;
      return { field, logbook: null, stored: shown(value), seq: 0 };
    }
    if (canonicalJson(got.value ?? null) !== canonicalJson(value ?? null)) return { field, logbook: shown(got.value), stored: absent(value) ? null : shown(value), seq: got.seq };
  }
  for (const [field, got] of l) {
    if (!stored.has(field) && !absent(got.value)) return { field, logbook: shown(got.value), stored: null, seq: got.seq };
  }
  return null;
}
