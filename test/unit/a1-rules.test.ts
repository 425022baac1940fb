import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { A1PreparationFacts } from '../../src/domain/access/a1-checks.js';
import { runA1Checks } from '../../src/domain/access/a1-checks.js';
import type { A1Facts, A1Phase, A1RefusalCode, A1RuleId } from '../../src/domain/access/a1-rules.js';
import { A1_PHASES, A1_PROVISION_OF, A1_RULES, evaluateA1, firstA1Refusal } from '../../src/domain/access/a1-rules.js';
import { checkAccess } from '../../src/domain/access/access-rules.js';
import { requireIp } from '../../src/domain/access/cidr.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Network } from '../../src/domain/registry/network.js';
import type { Target } from '../../src/domain/registry/target.js';
import type { Workstation } from '../../src/domain/registry/workstation.js';
import { errorText, messageOf } from '../../src/messages/catalogue.js';
import { EXECUTOR_ID, LKPP, NATIONAL_UNIT, NOW, OTHER_UNIT, SOP, TARGET, UNIT, buildGrant, buildUnit, buildUser, refusal } from './factories.js';

const KEY = `SHA256:${'A'.repeat(43)}`;
const andi = buildUser({ id: EXECUTOR_ID, username: 'andi' });
const workstation = (o: Partial<Workstation> = {}): Workstation => ({
  id: 'ws-1', assetTag: 'LPSE-NB-001', serialNumber: 'S1', ownerUnitId: UNIT, assignedUserId: EXECUTOR_ID, organisationOwned: true,
  sshKeys: [{ publicKey: 'ssh-ed25519 AAAA', fingerprint: KEY }], createdAt: NOW, ...o,
});
const network = (o: Partial<Network> = {}): Network => ({
  id: 'net-1', name: 'kantor-lpse', unitId: UNIT, kind: 'office_lpse', cidrs: ['10.10.0.0/16'], intranet: true, publicOffice: false, createdAt: NOW, ...o,
});
const GORONTALO = buildUnit();
const MANADO = buildUnit({ id: OTHER_UNIT, code: 'manado', name: 'LPSE Kota Manado' });
const VPN = network({ id: 'net-vpn', name: 'vpn-lkpp', unitId: NATIONAL_UNIT, kind: 'vpn', cidrs: ['10.8.0.0/16'], intranet: false });
const VPN_RETIRED = network({ id: 'net-vpn', name: 'vpn-lkpp', unitId: NATIONAL_UNIT, kind: 'vpn', cidrs: ['10.8.0.0/16'], intranet: false, retiredAt: '2026-01-01T00:00:00.000Z' });
const WARKOP = network({ id: 'net-pub', name: 'warkop', unitId: NATIONAL_UNIT, kind: 'public', cidrs: ['192.0.2.0/24'], intranet: false });
const target = (o: Partial<Target> = {}): Target => ({
  id: TARGET, name: 'spse', unitId: UNIT, host: 'spse.local', port: 22, loginAccount: 'jaga', hostKeyFingerprint: KEY, createdAt: NOW, ...o,
});
const inRepair = { id: 'case-1', status: 'in_repair', unitId: UNIT } as const;
const restored = { id: 'case-1', status: 'restored', unitId: UNIT } as const;

/** Every fact known, every rule passing: the gateway's view of a proper attempt in B4. */
const GOOD: Required<A1Facts> = {
  login: { username: 'andi', keyFingerprint: KEY }, executor: andi, workstation: workstation(), source: requireIp('10.10.1.5'),
  network: network(), targetName: 'spse', target: target(), unitId: UNIT, grants: [], now: NOW, case: inRepair, waitingCase: null, totpEnrolled: true, networkUnit: GORONTALO,
};

/** For each row: facts it holds on, facts it refuses, and the code it refuses with. A new row needs its entry. */
const CRAFTED: { readonly [R in A1RuleId]: { pass: Partial<A1Facts>; fail: Partial<A1Facts>; code: A1RefusalCode } } = {
  key_registered: { pass: {}, fail: { executor: null }, code: 'access.key_not_registered' },
  workstation_owned: { pass: {}, fail: { workstation: workstation({ organisationOwned: false }) }, code: 'access.workstation_not_owned' },
  workstation_assigned: { pass: { workstation: workstation({ assignedUserId: null }) }, fail: { workstation: workstation({ assignedUserId: 'user-dita' }) }, code: 'access.workstation_other_user' },
  password_current: { pass: {}, fail: { executor: buildUser({ id: EXECUTOR_ID, username: 'andi', passwordChangeRequired: true }) }, code: 'access.password_change_required' },
  workstation_in_service: { pass: {}, fail: { workstation: workstation({ retiredAt: '2026-01-01T00:00:00.000Z' }) }, code: 'access.workstation_retired' },
  network_in_service: { pass: {}, fail: { network: VPN_RETIRED }, code: 'access.network_retired' },
  target_in_service: { pass: {}, fail: { target: target({ retiredAt: '2026-01-01T00:00:00.000Z' }) }, code: 'access.target_retired' },
  source_registered: { pass: {}, fail: { network: null }, code: 'access.source_unregistered' },
  target_registered: { pass: {}, fail: { target: null }, code: 'access.target_unregistered' },
  target_not_root: { pass: { target: null }, fail: { target: target({ loginAccount: 'root' }) }, code: 'access.root_account' },
  user_active: { pass: {}, fail: { executor: buildUser({ id: EXECUTOR_ID, username: 'andi', active: false }) }, code: 'access.user_inactive' },
  executor_authorised: {
    pass: { unitId: OTHER_UNIT, target: null, grants: [buildGrant({ userId: EXECUTOR_ID, unitId: OTHER_UNIT })] },
    fail: { unitId: OTHER_UNIT, target: target({ unitId: OTHER_UNIT }) }, code: 'access.executor_not_authorised',
  },
  case_assigned: { pass: {}, fail: { case: null }, code: 'access.no_open_case' },
  network_allowed: { pass: { network: VPN, source: requireIp('10.8.1.1') }, fail: { network: WARKOP }, code: 'access.network_public' },
  source_in_network: { pass: { source: null }, fail: { source: requireIp('10.9.9.9') }, code: 'access.source_outside_network' },
  network_unit: {
    pass: { network: VPN, networkUnit: LKPP, source: requireIp('10.8.1.1') },
    fail: { network: network({ name: 'kantor-manado', unitId: OTHER_UNIT }), networkUnit: MANADO }, code: 'access.network_other_unit',
  },
  b5_intranet: { pass: { case: restored }, fail: { case: restored, network: VPN, source: requireIp('10.8.1.1') }, code: 'access.b5_requires_intranet' },
  network_protected: { pass: { network: VPN }, fail: { network: WARKOP }, code: 'access.network_insecure' },
  totp_enrolled: { pass: {}, fail: { totpEnrolled: false }, code: 'access.totp_not_enrolled' },
};

const ids = (phase: A1Phase): string[] => A1_RULES.filter((r) => (r.phases as readonly string[]).includes(phase)).map((r) => r.id);

describe('the A1 rule table', () => {
  for (const r of A1_RULES) {
    it(`${r.provision} ${r.id}: holds on crafted facts and refuses with ${CRAFTED[r.id].code} otherwise`, () => {
      const { pass, fail, code } = CRAFTED[r.id];
      assert.equal(r.check({ ...GOOD, ...pass }), undefined);
      const refused = r.check({ ...GOOD, ...fail });
      assert.equal(refused?.code, code);
      assert.ok(r.refuses.includes(code), `${r.id} declares ${code}`);
      assert.equal(A1_PROVISION_OF[code], r.provision);
    });
  }

  it('maps every refusal code to exactly one provision, and each is refused by exactly one row', () => {
    const declared = A1_RULES.flatMap((r) => r.refuses);
    assert.deepEqual([...declared].sort(), Object.keys(A1_PROVISION_OF).sort());
    assert.equal(new Set(declared).size, declared.length);
    for (const r of A1_RULES) for (const code of r.refuses) assert.equal(A1_PROVISION_OF[code], r.provision, code);
  });

  it('B2 (preparation) runs the rules of every provision a–e that a workstation, network and executor can be judged by', () => {
    assert.deepEqual(ids('preparation'), ['workstation_owned', 'workstation_in_service', 'workstation_assigned', 'target_in_service', 'target_not_root', 'user_active', 'executor_authorised',
      'network_allowed', 'network_in_service', 'source_in_network', 'network_unit', 'network_protected']);
    assert.deepEqual(new Set(A1_RULES.filter((r) => ids('preparation').includes(r.id)).map((r) => r.provision)), new Set(['A1a', 'A1b', 'A1c', 'A1d', 'A1e']));
  });

  it('an access record runs the access-time rules: allowed network holding the source, never root, B5 only over the intranet', () => {
    assert.deepEqual(ids('access'), ['target_in_service', 'target_not_root', 'network_allowed', 'network_in_service', 'source_in_network', 'network_unit', 'b5_intranet']);
  });

  it('the gateway re-checks every 30 s with the same rules it decided on at connect time', () => {
    assert.deepEqual(ids('connect'), ['key_registered', 'password_current', 'totp_enrolled', 'workstation_owned', 'workstation_in_service', 'source_registered', 'target_registered', 'target_in_service', 'target_not_root',
      'executor_authorised', 'case_assigned', 'network_allowed', 'network_in_service', 'source_in_network', 'network_unit', 'b5_intranet']);
    assert.deepEqual(ids('recheck'), ids('connect'));
  });

  it('SOP B5: while the case is restored, access, connect and re-check refuse a network that is not intranet; B4 and intranet pass', () => {
    const b5OverVpn = { ...GOOD, case: restored, network: VPN, networkUnit: LKPP, source: requireIp('10.8.1.1') };
    for (const phase of ['access', 'connect', 'recheck'] as const) {
      const r = firstA1Refusal(phase, b5OverVpn);
      assert.equal(r?.code, 'access.b5_requires_intranet', phase);
      assert.equal(A1_PROVISION_OF[r.code], 'A1e');
      assert.equal(firstA1Refusal(phase, { ...b5OverVpn, case: inRepair }), undefined, `${phase} in B4`);
      assert.equal(firstA1Refusal(phase, { ...GOOD, case: restored }), undefined, `${phase} over the intranet`);
    }
  });

  it('evaluates a rule only once every fact it needs is known, so the gateway can stop at the first refusal', () => {
    const keyOnly: A1Facts = { login: GOOD.login, executor: null, workstation: null, source: GOOD.source };
    assert.deepEqual(evaluateA1('connect', keyOnly).map((r) => r.rule), ['key_registered', 'password_current', 'workstation_owned', 'workstation_in_service']);
    assert.equal(firstA1Refusal('connect', keyOnly)?.code, 'access.key_not_registered');
    assert.deepEqual(evaluateA1('connect', GOOD).map((r) => r.rule), ids('connect'));
    assert.ok(evaluateA1('connect', GOOD).every((r) => r.passed));
  });

  it('tells an unknown user, an inactive one and a wrong key apart only in the refusal details', () => {
    const codes = [{ executor: null }, { executor: buildUser({ id: EXECUTOR_ID, username: 'andi', active: false }) }, { workstation: null }]
      .map((f) => firstA1Refusal('connect', { ...GOOD, ...f }));
    for (const r of codes) assert.deepEqual([r?.code, r?.params], ['access.key_not_registered', { fingerprint: KEY, username: 'andi' }]);
    assert.deepEqual(codes.map((r) => r?.details), [{ fingerprint: KEY, unknownUser: true }, { fingerprint: KEY, inactiveUser: true }, { fingerprint: KEY }]);
  });

  it('has no rule for a phase that is not one of A1_PHASES', () => {
    for (const r of A1_RULES) for (const p of r.phases) assert.ok(A1_PHASES.includes(p), `${r.id}: ${p}`);
  });
});

describe(runA1Checks.name, () => {
  const b2 = (o: Partial<A1PreparationFacts> = {}): A1PreparationFacts => ({
    executor: andi, unitId: UNIT, target: target(), workstation: workstation(), network: network(), networkUnit: GORONTALO, source: null, grants: [], now: NOW, ...o,
  });

  it('gives one outcome per SOP provision with what was met', () => {
    const out = runA1Checks(SOP, b2());
    assert.deepEqual(out.map((o) => [o.code, o.passed, o.mandatory, o.finding.code]), [
      ['a', true, true, 'access.a1a_met'], ['b', true, true, 'access.a1b_met'], ['c', true, true, 'access.a1c_met'],
      ['d', true, true, 'access.a1d_met'], ['e', true, true, 'access.a1e_met'],
    ]);
  });

  it('keeps every failure, each provision naming its first failing rule', () => {
    const out = runA1Checks(SOP, b2({ workstation: workstation({ organisationOwned: false, assignedUserId: 'user-dita' }), network: WARKOP, networkUnit: LKPP, source: requireIp('10.9.9.9') }));
    assert.deepEqual(out.filter((o) => !o.passed).map((o) => [o.code, o.finding.code]), [
      ['a', 'access.workstation_not_owned'], ['b', 'access.network_public'], ['e', 'access.network_insecure'],
    ]);
    assert.deepEqual(out.find((o) => o.code === 'a')?.rules.map((r) => r.passed), [false, true, false]);
    assert.deepEqual(out.find((o) => o.code === 'b')?.rules.map((r) => r.passed), [false, true, false, true]);
  });

  it('says the account is checked at access when the case names no target, and names an inactive executor first under A1d', () => {
    assert.equal(runA1Checks(SOP, b2({ target: null })).find((o) => o.code === 'c')?.finding.code, 'access.a1c_deferred');
    const d = runA1Checks(SOP, b2({ executor: buildUser({ id: EXECUTOR_ID, username: 'andi', active: false }) })).find((o) => o.code === 'd');
    assert.deepEqual([d?.passed, d?.finding.code], [false, 'access.user_inactive']);
  });
});

describe(checkAccess.name, () => {
  it('refuses with the rule\'s own code and data, so a caller knows the provision from the code', () => {
    const e = refusal(() => checkAccess(restored, VPN, LKPP, target(), requireIp('::ffff:10.8.1.1')));
    assert.equal(e.code, 'access.b5_requires_intranet');
    assert.equal(e.kind, 'precondition');
    assert.deepEqual(e.details, { network: 'vpn-lkpp' });
    assert.match(messageOf(e, 'en'), /intranet/);
    const outside = refusal(() => checkAccess(inRepair, network(), GORONTALO, null, requireIp('::ffff:10.9.9.9')));
    assert.deepEqual(outside.details, { sourceIp: '10.9.9.9', network: 'kantor-lpse' });
    assert.doesNotThrow(() => checkAccess(inRepair, network(), GORONTALO, target(), null));
    // A manual access record too: a network of another (non-national) unit does not admit the case's target.
    const other = refusal(() => checkAccess(inRepair, network({ unitId: OTHER_UNIT }), MANADO, target(), null));
    assert.equal(other.code, 'access.network_other_unit');
  });
});

describe('the A1 words', () => {
  it('come from the catalogue in both languages for every refusal and every met provision', () => {
    const rendered = [...A1_RULES.map((r) => r.check({ ...GOOD, ...CRAFTED[r.id].fail })), ...runA1Checks(SOP, { ...GOOD, executor: andi, workstation: workstation(), network: network(), networkUnit: GORONTALO, target: null }).map((o) => o.finding)];
    for (const f of rendered) {
      assert.ok(f);
      const id = errorText('id', f.code, f.params);
      const en = errorText('en', f.code, f.params);
      assert.ok(id && en && id !== en && !/undefined|\[object/.test(id + en), `${f.code}: ${id} / ${en}`);
    }
  });

  it('give a gateway refusal the words of the rule that refused it', () => {
    const r = firstA1Refusal('connect', { ...GOOD, target: null });
    assert.ok(r);
    const e = DomainError.of('forbidden', 'gateway.A1d', { refusal: r });
    assert.equal(messageOf(e, 'id'), "Target 'spse' tidak terdaftar.");
    assert.equal(messageOf(e, 'en'), "Target 'spse' is not registered.");
  });

  it('are not written in the domain: domain/access holds codes and values only', () => {
    const dir = fileURLToPath(new URL('../../../src/domain/access/', import.meta.url));
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      assert.doesNotMatch(readFileSync(`${dir}${f}`, 'utf8'), /\ben: ['`(]/, `${f} has English text`);
    }
  });
});
