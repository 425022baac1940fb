import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RepairCase } from '../../src/domain/case/repair-case.js';
import { LoggedRecords, caseFields, firstDifference } from '../../src/domain/logbook/logged-records.js';
import type { LogbookEntry } from '../../src/domain/logbook/logbook-entry.js';

let seq = 0;
const entry = (type: string, data: Record<string, unknown>, o: Partial<LogbookEntry> = {}): LogbookEntry => ({
  seq: ++seq, at: `2026-12-01T0${seq % 10}:00:00.000Z`, type, actorId: 'u-koor', unitId: 'unit-1', caseId: 'case-1',
  data: JSON.stringify(data), prevHash: '', hash: '', ...o,
});

const reported = entry('case.reported', { sop: 'SOP-01 2019.0', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone', status: 'reported', via: 'cli' }, { actorId: 'u-pelapor' });
const acked = entry('case.acknowledged', { classification: 'aplikasi', impact: 'x', executor: 'andi', status: 'acknowledged', via: 'cli' });

const stored: RepairCase = {
  id: 'case-1', unitId: 'unit-1', targetId: 't-1', timeZone: 'Asia/Makassar', sopCode: 'SOP-01', sopVersion: '2019.0', status: 'acknowledged', revision: 2,
  report: { reportedAt: reported.at, reporterId: 'u-pelapor', channel: 'phone', system: 'SPSE', description: 'x', urgency: 'high' },
  acknowledgement: { at: acked.at, by: 'u-koor', classification: 'aplikasi', impact: 'x', executorId: 'u-andi' },
  preparation: null, accesses: [], restoration: null, rootCause: null, deviations: [], explanations: {}, closure: null, approval: null, cancellation: null, returns: [], corrections: [],
};

describe(LoggedRecords.name, () => {
  const logged = new LoggedRecords();
  logged.push(reported);
  logged.push(acked);

  it('rebuilds a case written before entries named ids (no executorId, targetId, timeZone) without a false difference', () => {
    assert.equal(firstDifference(logged.cases.get('case-1'), caseFields(stored)), null);
  });

  it('names the field, the logbook value and the stored value of the first difference', () => {
    const edited = { ...stored, report: { ...stored.report, urgency: 'low' as const } };
    assert.deepEqual(firstDifference(logged.cases.get('case-1'), caseFields(edited)), { field: 'report.urgency', logbook: '"high"', stored: '"low"', seq: reported.seq });
  });

  it('reports a step the stored case claims but no entry recorded', () => {
    const claimed = { ...stored, restoration: { at: acked.at, by: 'u-andi', initialFix: 'restart' } };
    assert.deepEqual(firstDifference(logged.cases.get('case-1'), caseFields(claimed)), { field: 'restoration.at', logbook: null, stored: JSON.stringify(acked.at), seq: 0 });
  });

  it('compares an id the entries do record', () => {
    const newer = new LoggedRecords();
    newer.push(reported);
    newer.push({ ...acked, data: JSON.stringify({ ...JSON.parse(acked.data) as object, executorId: 'u-andi' }) });
    const swapped = { ...stored, acknowledgement: { ...stored.acknowledgement!, executorId: 'u-mallory' } };
    assert.equal(firstDifference(newer.cases.get('case-1'), caseFields(swapped))?.field, 'acknowledgement.executorId');
  });

  it('keeps the first end of an access, and the transport as the access kind', () => {
    const r = new LoggedRecords();
    r.push(entry('case.access_started', { accessId: 'a1', sessionId: 'a1', via: 'gateway', sourceIp: '10.0.0.1' }, { actorId: 'u-andi' }));
    const end = entry('case.access_ended', { accessId: 'a1', sessionId: 'a1', endedAt: 'x', recordings: [{ file: 'a1-0.cast', sha256: 'ab', bytes: 2 }] });
    r.push(end);
    r.push(entry('case.access_ended', { accessId: 'a1', via: 'cli' }));
    const f = r.cases.get('case-1');
    assert.equal(f?.get('accesses[a1].endedAt')?.value, end.at);
    assert.equal(f?.get('accesses[a1].via')?.value, 'gateway');
    assert.deepEqual(r.recordings.get('a1-0.cast')?.get('sha256'), { value: 'ab', seq: end.seq });
  });
});
