import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseRecords, CaseViewData } from '../../src/app/case/get-case-view.js';
import { a2Record } from '../../src/domain/case/a2-documentation.js';
import { endAccess, startAccess } from '../../src/domain/case/case-lifecycle.js';
import type { RepairCase } from '../../src/domain/case/repair-case.js';
import { currentStep } from '../../src/domain/case/repair-case.js';
import { timeline } from '../../src/domain/case/time-standard.js';
import { caseText } from '../../src/presenters/case-text.js';
import { presentCase } from '../../src/presenters/view-models/case-view.js';
import { NOW, SOP, TARGET, UNIT, ackAt, at, buildAccess, buildCase, buildUnit, prepareAt } from './factories.js';

const RECORDS: CaseRecords = {
  unit: buildUnit({ id: UNIT }),
  target: { id: TARGET, name: 'spse-prod', host: '10.10.1.5', port: 22, loginAccount: 'spseadm' },
  workstation: { id: 'ws-lpse-01', assetTag: 'LPSE-NB-001' },
  users: [],
  networks: [
    { id: 'net-kantor-lpse', name: 'kantor-lpse', kind: 'office_lpse', intranet: true, cidrs: ['10.10.0.0/16'], publicOffice: false },
    { id: 'net-vpn', name: 'vpn-lkpp', kind: 'vpn', intranet: false, cidrs: ['10.8.0.0/16'], publicOffice: false },
    { id: 'net-nat', name: 'kantor-nat', kind: 'office_lpse', intranet: false, cidrs: ['203.0.113.0/28'], publicOffice: true },
  ],
};
const view = (c: RepairCase) => presentCase({ case: c, step: currentStep(c), timeline: timeline(SOP, c, NOW), a2: a2Record(c), sop: SOP, records: RECORDS, maskedInput: [] } satisfies CaseViewData);
const session = (c: RepairCase, id: string, networkId: string, m: number): RepairCase =>
  endAccess(startAccess(c, buildAccess({ id, networkId, startedAt: at(m) })), id, at(m + 5));

describe('A2b: the networks used', () => {
  it('lists every network the accesses came from, once each, after the one stated at B2, with a public office network\'s warning', () => {
    let c = prepareAt(ackAt(buildCase(), 10), 20);
    c = session(c, 'a1', 'net-vpn', 30);
    c = session(c, 'a2', 'net-nat', 40);
    c = session(c, 'a3', 'net-vpn', 50);
    const v = view(c);
    assert.deepEqual(v.a2.networks.map((n) => [n.name, n.statedAtB2, n.accesses, n.warning?.cidrs ?? null]),
      [['kantor-lpse', true, 0, null], ['vpn-lkpp', false, 2, null], ['kantor-nat', false, 1, ['203.0.113.0/28']]]);
    assert.equal(v.a2.network, 'LAN Kantor LPSE', 'the B2 statement closing requires is unchanged');
    assert.deepEqual(v.accesses.map((a) => a.network?.warning?.code ?? null), [null, 'public_office', null]);
    const en = caseText(v, 'en');
    assert.match(en, /^ {4}b\. Network used: kantor-lpse \(stated at B2\), vpn-lkpp \(2 accesses\), kantor-nat \[WARNING: office network with public range 203\.0\.113\.0\/28 \(confirmed --public-office\)\] \(1 access\)$/m);
    assert.match(en, /; Network kantor-nat \[WARNING: office network with public range/);
    assert.match(caseText(v, 'id'), /b\. Jaringan yang digunakan: kantor-lpse \(dinyatakan di B2\), vpn-lkpp \(2 akses\), kantor-nat \[PERINGATAN: jaringan kantor dengan rentang publik/);
  });

  it('shows the stated network alone before any access, and nothing before B2', () => {
    assert.deepEqual(view(prepareAt(ackAt(buildCase(), 10), 20)).a2.networks.map((n) => n.name), ['kantor-lpse']);
    const before = view(ackAt(buildCase(), 10));
    assert.deepEqual(before.a2.networks, []);
    assert.match(caseText(before, 'en'), /b\. Network used: —$/m);
  });
});
