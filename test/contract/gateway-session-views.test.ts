import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  authorizeWatch, checkWatch, listCaseSessions, listLiveSessions, recordingFor, terminateSession,
} from '../../src/app/access/gateway-session-views.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { notFound } from '../../src/domain/errors.js';
import type { LiveSessionInfo } from '../../src/ports/live-sessions.js';
import type { GatewaySession } from '../../src/ports/repositories.js';
import { FakeLiveSessions, insertSessionRow, outcome } from '../support/session-fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, PASSWORD, as, openTestApp, seedWorld, stopTestPostgres, describeOn } from '../support/test-app.js';

/*
 * Who sees, watches, terminates and downloads gateway sessions (gateway-session.policy.ts), on
 * both dialects. Live sessions come from a fake of the LiveSessions port (the real gateway is
 * tested against sshd elsewhere); session rows are stored as the gateway stores them.
 *
 * Cases: A and D in gorontalo (executors andi and dita), B in manado (executor budi).
 */

interface Entry { seq: number; type: string; actorId: string | null; caseId: string | null; data: Record<string, unknown> }

const EVERYONE = ['super', 'koor', 'koor.mdo', 'audit', 'audit.gto', 'andi', 'dita', 'budi', 'pelapor', 'vendor'] as const;
type Who = (typeof EVERYONE)[number];

for (const dialect of DIALECTS) {
  describeOn(dialect, `gateway session views (${dialect})`, () => {
    let t: TestApp;
    const live = new FakeLiveSessions();
    const cases = { A: '', B: '', D: '' };
    const users = new Map<string, string>();

    async function entriesAfter(seq: number): Promise<Entry[]> {
      return t.app.store.read(async (r) => {
        const out: Entry[] = [];
        for await (const page of r.logbook.scan({ fromSeq: seq + 1 })) {
          for (const e of page) out.push({ seq: e.seq, type: e.type, actorId: e.actorId, caseId: e.caseId, data: JSON.parse(e.data) as Record<string, unknown> });
        }
        return out;
      });
    }
    const head = () => t.app.store.read((r) => r.logbook.readHead()).then((h) => h.seq);
    /** A fresh live session on each case, by its executor. */
    function liveOnEachCase(): { A: LiveSessionInfo; B: LiveSessionInfo; D: LiveSessionInfo } {
      return {
        A: live.add({ caseId: cases.A, unitId: users.get('unit:gorontalo') as string, username: 'andi' }),
        B: live.add({ caseId: cases.B, unitId: users.get('unit:manado') as string, username: 'budi' }),
        D: live.add({ caseId: cases.D, unitId: users.get('unit:gorontalo') as string, username: 'dita' }),
      };
    }

    before(async () => {
      t = await openTestApp(dialect);
      const world = await seedWorld(t);
      users.set('unit:gorontalo', world.unit.id).set('unit:manado', world.other.id);
      const su = as('super');
      await createUser(t.app, su, { username: 'koor.mdo', role: 'koordinator', unit: 'manado', password: PASSWORD });
      await createUser(t.app, su, { username: 'audit.gto', role: 'auditor', unit: 'gorontalo', password: PASSWORD });
      const report = (who: string, unit: string) => reportFault(t.app, as(who), { unit, target: unit === 'gorontalo' ? 'spse' : undefined, system: 'SPSE', description: 'Login SPSE error 500', urgency: 'high', channel: 'phone' });
      cases.A = (await report('pelapor', 'gorontalo')).id;
      await acknowledgeReport(t.app, as('koor'), cases.A, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
      cases.D = (await report('pelapor', 'gorontalo')).id;
      await acknowledgeReport(t.app, as('koor'), cases.D, { classification: 'aplikasi', impact: 'x', executor: 'dita' });
      cases.B = (await report('budi', 'manado')).id;
      await acknowledgeReport(t.app, as('budi'), cases.B, { classification: 'aplikasi', impact: 'x', executor: 'budi' });
      for (const u of EVERYONE) {
        const user = await t.app.store.read((r) => r.users.findByUsername(u));
        assert.ok(user);
        users.set(u, user.id);
      }
    });
    after(async () => {
      await t.close();
      await stopTestPostgres();
    });

    it('lists live sessions by role: supervisors those of the cases they may view, an executor their own, a pelapor none; a read', async () => {
      for (const id of [...live.sessions.keys()]) live.emit(id, { type: 'end', reason: 'client_closed' });
      const s = liveOnEachCase();
      const expected: Record<Who, LiveSessionInfo[]> = {
        super: [s.A, s.B, s.D], koor: [s.A, s.D], 'koor.mdo': [s.B], audit: [s.A, s.B, s.D], 'audit.gto': [s.A, s.D],
        andi: [s.A], dita: [s.D], budi: [s.B], pelapor: [], vendor: [],
      };
      const before_ = await head();
      for (const who of EVERYONE) {
        const got = await listLiveSessions(t.app, as(who), live);
        assert.deepEqual(got.map((x) => x.id), expected[who].map((x) => x.id), who);
      }
      assert.equal(await head(), before_, 'listing wrote to the logbook');
      assert.deepEqual(await listLiveSessions(t.app, as('super'), new FakeLiveSessions()), []);
    });

    it('shows a case\'s session history, recordings\' hashes included, to whoever may view the case; else "not found"', async () => {
      const sha = 'a'.repeat(64);
      const first = await insertSessionRow(t.app, cases.A, { recordings: [{ channel: 0, file: 'x/0.cast', sha256: sha, bytes: 42 }] });
      const open = await insertSessionRow(t.app, cases.A, { ended: false });
      const viewers: Who[] = ['super', 'koor', 'audit', 'audit.gto', 'andi', 'dita', 'pelapor'];
      for (const who of EVERYONE) {
        const r = await outcome(listCaseSessions(t.app, as(who), cases.A));
        assert.equal(r, viewers.includes(who) ? 'ok' : 'case.not_found', who);
      }
      const rows: GatewaySession[] = await listCaseSessions(t.app, as('koor'), cases.A);
      const mine = rows.filter((r) => r.id === first.id || r.id === open.id);
      assert.deepEqual(mine.map((r) => r.id), [first.id, open.id]);
      assert.deepEqual(mine[0]?.recordings, [{ channel: 0, file: 'x/0.cast', sha256: sha, bytes: 42 }]);
      assert.equal(mine[0]?.endReason, 'client_closed');
      assert.equal(mine[1]?.endedAt, null);
      assert.deepEqual(await listCaseSessions(t.app, as('koor'), cases.D), []);
    });

    it('lets the superadmin, the unit\'s koordinator and auditors watch, and logs each watch; refuses the rest (404 for what they may not see)', async () => {
      const s = liveOnEachCase();
      const expected: Record<Who, string> = {
        super: 'ok', koor: 'ok', audit: 'ok', 'audit.gto': 'ok',
        andi: 'gateway_session.forbidden.watch', dita: 'gateway_session.forbidden.watch', pelapor: 'gateway_session.forbidden.watch',
        'koor.mdo': 'gateway_session.not_found', budi: 'gateway_session.not_found', vendor: 'gateway_session.not_found',
      };
      // The read-only check agrees and logs nothing but refusals.
      const seq0 = await head();
      for (const who of EVERYONE) assert.equal(await outcome(checkWatch(t.app, as(who), live, s.A.id)), expected[who], `check ${who}`);
      assert.deepEqual((await entriesAfter(seq0)).filter((e) => e.type !== 'refusal'), []);

      const seq1 = await head();
      for (const who of EVERYONE) assert.equal(await outcome(authorizeWatch(t.app, as(who), live, s.A.id)), expected[who], who);
      const entries = await entriesAfter(seq1);
      const watched = entries.filter((e) => e.type === 'gateway.session_watched');
      assert.deepEqual(watched.map((e) => e.actorId), ['super', 'koor', 'audit', 'audit.gto'].map((u) => users.get(u)));
      for (const e of watched) {
        assert.equal(e.caseId, cases.A);
        assert.equal(e.data['sessionId'], s.A.id);
        assert.equal(e.data['executor'], 'andi');
      }
      const refusals = entries.filter((e) => e.type === 'refusal');
      assert.equal(refusals.length, 6);
      assert.ok(refusals.every((e) => e.data['action'] === 'gateway.session.watch'));
      assert.deepEqual(refusals.map((e) => e.data['code']).sort(), Object.values(expected).filter((c) => c !== 'ok').sort());

      assert.equal(await outcome(authorizeWatch(t.app, as('koor.mdo'), live, s.B.id)), 'ok');
      assert.equal(await outcome(authorizeWatch(t.app, as('super'), live, 'no-such-session')), 'gateway_session.not_found');
      live.emit(s.D.id, { type: 'end', reason: 'client_closed' });
      assert.equal(await outcome(authorizeWatch(t.app, as('koor'), live, s.D.id)), 'gateway_session.not_found', 'ended: no longer live');
    });

    it('lets only the unit\'s koordinator or the superadmin terminate: logged with the reason, then ended by the gateway', async () => {
      const s = liveOnEachCase();
      const expected: Record<Who, string> = {
        super: 'ok', koor: 'ok',
        audit: 'gateway_session.forbidden.terminate', 'audit.gto': 'gateway_session.forbidden.terminate', andi: 'gateway_session.forbidden.terminate',
        dita: 'gateway_session.forbidden.terminate', pelapor: 'gateway_session.forbidden.terminate',
        'koor.mdo': 'gateway_session.not_found', budi: 'gateway_session.not_found', vendor: 'gateway_session.not_found',
      };
      for (const who of EVERYONE) {
        if (expected[who] === 'ok') continue;
        // Authorised before validated: a refused actor learns nothing from the body.
        assert.equal(await outcome(terminateSession(t.app, as(who), live, s.A.id, { reason: 'x', bogus: 1 })), expected[who], who);
      }
      assert.equal(live.terminations.length, 0);
      assert.ok(live.get(s.A.id));
      assert.equal(await outcome(terminateSession(t.app, as('koor'), live, s.A.id, { reason: 'x', bogus: 1 })), 'input.invalid');
      assert.equal(await outcome(terminateSession(t.app, as('koor'), live, s.A.id, { reason: 'r'.repeat(501) })), 'input.invalid');

      const seq = await head();
      let ended = '';
      live.watch(s.A.id, (e) => { if (e.type === 'end') ended = e.reason; });
      const info = await terminateSession(t.app, as('koor'), live, s.A.id, { reason: 'Perintah berbahaya di server produksi' });
      assert.equal(info.id, s.A.id);
      assert.deepEqual(live.terminations, [{ id: s.A.id, by: 'koor' }]);
      assert.equal(ended, 'terminated');
      const [entry, ...rest] = await entriesAfter(seq);
      assert.deepEqual(rest, []);
      assert.equal(entry?.type, 'gateway.session_terminated');
      assert.equal(entry?.actorId, users.get('koor'));
      assert.equal(entry?.caseId, cases.A);
      assert.deepEqual([entry?.data['sessionId'], entry?.data['reason'], entry?.data['executor']], [s.A.id, 'Perintah berbahaya di server produksi', 'andi']);
      assert.equal(await outcome(terminateSession(t.app, as('koor'), live, s.A.id, {})), 'gateway_session.not_found', 'no longer live');

      await terminateSession(t.app, as('super'), live, s.B.id);
      const last = (await entriesAfter(seq)).at(-1);
      assert.equal(last?.data['reason'], null);
      assert.deepEqual(live.terminations.map((x) => x.by), ['koor', 'super']);
      assert.equal(await outcome(terminateSession(t.app, as('koor'), live, s.B.id, {})), 'gateway_session.not_found');
    });

    it('hands out a recording to supervisors and the session\'s own executor, logged; refuses the rest', async () => {
      const sha = 'b'.repeat(64);
      const a = await insertSessionRow(t.app, cases.A, { recordings: [{ channel: 0, file: 'gs-a/0.cast', sha256: sha, bytes: 7 }, { channel: 2, file: 'gs-a/2.cast', sha256: 'c'.repeat(64), bytes: 9 }] });
      const expected: Record<Who, string> = {
        super: 'ok', koor: 'ok', audit: 'ok', 'audit.gto': 'ok', andi: 'ok',
        dita: 'gateway_session.forbidden.recording', pelapor: 'gateway_session.forbidden.recording',
        'koor.mdo': 'gateway_session.not_found', budi: 'gateway_session.not_found', vendor: 'gateway_session.not_found',
      };
      const seq = await head();
      for (const who of EVERYONE) assert.equal(await outcome(recordingFor(t.app, as(who), a.id, 0)), expected[who], who);
      const downloads = (await entriesAfter(seq)).filter((e) => e.type === 'gateway.recording_downloaded');
      assert.deepEqual(downloads.map((e) => e.actorId), ['super', 'koor', 'audit', 'audit.gto', 'andi'].map((u) => users.get(u)));
      assert.deepEqual([downloads[0]?.caseId, downloads[0]?.data['sessionId'], downloads[0]?.data['sha256'], downloads[0]?.data['channel']], [cases.A, a.id, sha, 0]);

      const ref = await recordingFor(t.app, as('koor'), a.id, 2);
      assert.deepEqual(ref, { sessionId: a.id, caseId: cases.A, channel: 2, file: 'gs-a/2.cast', sha256: 'c'.repeat(64), bytes: 9 });
      assert.equal(await outcome(recordingFor(t.app, as('koor'), a.id, 1)), 'recording.not_found');
      assert.equal(await outcome(recordingFor(t.app, as('koor'), 'no-such-session', 0)), 'gateway_session.not_found');

      // The executor of case D sees their own recording, not andi's.
      const d = await insertSessionRow(t.app, cases.D, { recordings: [{ channel: 0, file: 'gs-d/0.cast', sha256: sha, bytes: 7 }] });
      assert.equal(await outcome(recordingFor(t.app, as('dita'), d.id, 0)), 'ok');
      assert.equal(await outcome(recordingFor(t.app, as('andi'), d.id, 0)), 'gateway_session.forbidden.recording');

      // When the caller cannot open the file, the download is not logged (only the refusal).
      const seq2 = await head();
      const missing = notFound('recording', 'x');
      assert.equal(await outcome(recordingFor(t.app, as('koor'), a.id, 0, () => Promise.reject(missing))), 'recording.not_found');
      assert.deepEqual((await entriesAfter(seq2)).map((e) => e.type), ['refusal']);
      assert.equal((await verifyLogbook(t.app)).ok, true);
    });
  });
}
