import type { ChainProblem } from '../../domain/logbook/chain-verifier.js';
import type { LoggedRecords, RecordDifference, RecordEntity } from '../../domain/logbook/logged-records.js';
import { caseFields, firstDifference } from '../../domain/logbook/logged-records.js';
import { DomainError } from '../../domain/errors.js';
import { caseTiming } from '../../domain/report/case-timing.js';
import type { GatewaySession, Repositories } from '../../ports/repositories.js';
import type { AppDeps } from '../app-deps.js';

export interface RecordsChecked {
  readonly problem: ChainProblem | null;
  readonly counts: { readonly cases: number; readonly sessions: number; readonly recordings: number };
}

const PAGE = 500;

/** The fields of a stored session that the logbook records of it (its end only once it ended). */
export function sessionFields(s: GatewaySession): Map<string, unknown> {
  const m = new Map<string, unknown>([['caseId', s.caseId], ['unitId', s.unitId], ['userId', s.userId], ['startedAt', s.startedAt], ['sourceIp', s.sourceIp],
    ['keyFingerprint', s.keyFingerprint], ['networkId', s.networkId]]);
  if (s.endedAt !== null) {
    m.set('endedAt', s.endedAt).set('endReason', s.endReason).set('bytesUp', s.bytesUp).set('bytesDown', s.bytesDown);
    for (const r of s.recordings) m.set(`recordings[${r.file}].sha256`, r.sha256).set(`recordings[${r.file}].bytes`, r.bytes);
  }
  return m;
}

const differs = (entity: RecordEntity, id: string, d: RecordDifference): ChainProblem =>
  ({ kind: 'record', seq: d.seq, code: 'record_differs', params: { entity, id, field: d.field, logbook: d.logbook, stored: d.stored } });

/**
 * Rebuilds every case and gateway session from its logbook entries and compares it with the
 * stored row, then reads every recording the logbook names (through the RecordingStore) and
 * hashes its bytes: the first difference is reported. `headSeq` is the head the chain was
 * verified to; a row changed after it (a live installation) is compared again with the entries
 * written since, before it counts as a difference.
 */
export async function checkRecords(
  repos: Repositories, deps: Pick<AppDeps, 'recordings' | 'sha256Stream'>, logged: LoggedRecords, headSeq: number,
): Promise<RecordsChecked> {
  const counts = { cases: 0, sessions: 0, recordings: 0 };
  let caughtUp = false;
  const catchUp = async () => {
    if (caughtUp) return;
    caughtUp = true;
    for await (const page of repos.logbook.scan({ fromSeq: headSeq + 1 })) for (const e of page) logged.push(e);
  };
  const compare = async (entity: 'case' | 'session', id: string, stored: () => Map<string, unknown>): Promise<ChainProblem | null> => {
    const from = entity === 'case' ? logged.cases : logged.sessions;
    let d = firstDifference(from.get(id), stored());
    if (d && !caughtUp) {
      await catchUp();
      d = firstDifference(from.get(id), stored());
    }
    return d && differs(entity, id, d);
  };
  const seenCases = new Set<string>();
  const seenSessions = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = { visibility: { all: true } as const, sort: 'reported_at' as const, order: 'asc' as const, offset, limit: PAGE };
    const cases = await repos.cases.list(page);
    // The columns are copies of the document, for filtering; an edit there changes what lists show.
    const columns = new Map((await repos.cases.summaries(page)).map((s) => [s.id, s]));
    // The timing column is what the SOP evaluation reads instead of the document: an edit there would change its numbers.
    const timings = await repos.cases.storedTimings(cases.map((c) => c.id));
    for (const c of cases) {
      seenCases.add(c.id);
      counts.cases++;
      const problem = await compare('case', c.id, () => caseFields(c));
      if (problem) return { problem, counts };
      const col = columns.get(c.id);
      const doc = caseFields(c);
      const colFields = new Map<string, unknown>(col ? [['status', col.status], ['unitId', col.unitId], ['targetId', col.targetId],
        ['report.system', col.system], ['report.urgency', col.urgency], ['report.reportedAt', col.reportedAt],
        ['acknowledgement.executorId', col.executorId]] : []);
      for (const [field, value] of colFields) {
        const want = logged.cases.get(c.id)?.get(field);
        const expected = want ? want.value : doc.get(field) ?? null;
        if ((expected ?? null) !== (value ?? null)) {
          return { problem: differs('case', c.id, { field: `${field} (column)`, logbook: JSON.stringify(expected ?? null), stored: JSON.stringify(value ?? null), seq: want?.seq ?? 0 }), counts };
        }
      }
      if (col && col.deviations !== c.deviations.length) {
        return { problem: differs('case', c.id, { field: 'deviations (column)', logbook: String(c.deviations.length), stored: String(col.deviations), seq: 0 }), counts };
      }
      const timing = timings.get(c.id) ?? null;
      const expectedTiming = JSON.stringify(caseTiming(c));
      if (timing !== null && timing !== expectedTiming) {
        return { problem: differs('case', c.id, { field: 'timing (column)', logbook: expectedTiming, stored: timing, seq: 0 }), counts };
      }
      for (const s of await repos.gatewaySessions.listForCase(c.id)) {
        seenSessions.add(s.id);
        counts.sessions++;
        const sp = await compare('session', s.id, () => sessionFields(s));
        if (sp) return { problem: sp, counts };
      }
    }
    if (cases.length < PAGE) break;
  }
  // A row deleted in SQL leaves its entries behind.
  for (const [entity, logs, seen] of [['case', logged.cases, seenCases], ['session', logged.sessions, seenSessions]] as const) {
    for (const [id, fields] of logs) {
      if (seen.has(id)) continue;
      const seq = Math.min(...[...fields.values()].map((f) => f.seq));
      return { problem: differs(entity, id, { field: 'id', logbook: JSON.stringify(id), stored: null, seq }), counts };
    }
  }
  for (const [file, fields] of logged.recordings) {
    counts.recordings++;
    const want = { sha256: fields.get('sha256'), bytes: fields.get('bytes') };
    const seq = want.sha256?.seq ?? 0;
    let got: { sha256: string; bytes: number };
    try {
      got = await hashRecording(deps, file);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { problem: { kind: 'record', seq, code: 'recording_unreadable', params: { id: file, reason: err.code } }, counts };
    }
    for (const f of ['sha256', 'bytes'] as const) {
      if (want[f] && want[f].value !== got[f]) {
        return { problem: differs('recording', file, { field: f, logbook: JSON.stringify(want[f].value), stored: JSON.stringify(got[f]), seq: want[f].seq }), counts };
      }
    }
  }
  return { problem: null, counts };
}

/** The recording's bytes as stored now, hashed here: the store's own digest is a cache beside the file. */
async function hashRecording(deps: Pick<AppDeps, 'recordings' | 'sha256Stream'>, key: string): Promise<{ sha256: string; bytes: number }> {
  const d = await deps.recordings.open(key);
  const h = deps.sha256Stream();
  let bytes = 0;
  for await (const chunk of d.body) {
    h.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: h.hex(), bytes };
}
