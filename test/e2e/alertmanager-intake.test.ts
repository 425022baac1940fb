/**
 * A real Prometheus Alertmanager (Debian's, on a loopback port, no clustering) posts to Jaga's
 * intake webhook with the integration's bearer secret: an alert sent to it through its API opens
 * exactly one case, the same alert again (and Alertmanager's own repeats) opens no second, and its
 * resolution is noted on the case. The integration is added with the real `jaga intake add`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { RunningAlertmanager } from '../support/alertmanager.js';
import { eventually, startAlertmanager } from '../support/alertmanager.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { jagaIn } from '../support/jaga-cli.js';

describe('Alertmanager posts to the intake webhook', () => {
  let h: TestHttp;
  let am: RunningAlertmanager;
  let secret: string;
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const alert = {
    labels: { alertname: 'SpseDown', instance: 'spse:9100', job: 'spse', severity: 'critical' },
    annotations: { summary: 'SPSE tidak menjawab', description: 'probe_success == 0 selama 1 menit' },
    startsAt, generatorURL: 'http://prometheus.lpse.example/graph?g0.expr=probe_success',
  };

  const cases = () => h.t.app.store.read((r) => r.cases.list({ visibility: { all: true } }));
  const entries = async (type: string) => (await h.t.app.store.read((r) => r.logbook.listOfType(type, { afterSeq: 0, limit: 1000 })))
    .map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));

  before(async () => {
    h = await openTestHttp('sqlite');
    await h.server.fastify.listen({ host: '127.0.0.1', port: 0 });
    const port = (h.server.fastify.server.address() as AddressInfo).port;
    const added = jagaIn(h.t.config.dataDir, ['intake', 'add', 'am-gto', '--unit', 'gorontalo', '--as', 'super', '--lang', 'en']);
    assert.equal(added.status, 0, added.stderr);
    secret = added.stdout.trim();
    assert.match(secret, /^jaga_am_[A-Za-z0-9_-]{43}$/, 'the secret alone on stdout');
    assert.match(added.stderr, /\/api\/v1\/intake\/alertmanager\/am-gto/);
    // Alertmanager re-sends an unchanged group every 2 s: Jaga sees repeats of its own accord too.
    am = await startAlertmanager({ webhookUrl: `http://127.0.0.1:${port}/api/v1/intake/alertmanager/am-gto`, bearer: secret, repeatSeconds: 2 });
  });
  after(async () => {
    await am?.stop();
    await h?.close();
  });

  it('opens exactly one case for a firing alert, as the integration, on the target its instance label names', async () => {
    await am.postAlerts([alert]);
    const [c] = await eventually('the case', async () => ((await cases()).length > 0 ? cases() : undefined));
    assert.ok(c);
    const identity = await h.t.app.store.read((r) => r.users.findByUsername('intake.am-gto'));
    assert.equal(c.report.reporterId, identity?.id, 'the integration is the reporter');
    assert.equal(c.report.channel, 'monitoring');
    assert.equal(c.report.urgency, 'critical');
    assert.equal(c.report.system, 'spse');
    assert.equal(c.targetId, h.world.target.id);
    assert.match(c.report.description, /SPSE tidak menjawab/);
    const [reported] = (await entries('case.reported')).filter((e) => e.caseId === c.id);
    assert.equal(reported?.actorId, identity?.id, 'the logbook names the integration');
  });

  it('does not open a second case for the same alert again, nor for Alertmanager\'s repeats of it', async () => {
    await am.postAlerts([alert]);
    // At least two more deliveries of the group, each seeing the alert as a repeat.
    await eventually('two repeated deliveries', async () => {
      const repeats = (await entries('intake.alerts_received')).filter((e) => Number(e.data['repeated']) > 0);
      return repeats.length >= 2 ? repeats : undefined;
    });
    assert.equal((await cases()).length, 1);
  });

  it('notes the resolution on the case when the alert ends', async () => {
    const endsAt = new Date(Date.now() - 1000).toISOString();
    await am.postAlerts([{ ...alert, endsAt }]);
    const [resolved] = await eventually('case.alert_resolved', async () => {
      const e = await entries('case.alert_resolved');
      return e.length > 0 ? e : undefined;
    });
    const [c] = await cases();
    assert.equal(resolved?.caseId, c?.id);
    assert.equal(resolved?.data['endsAt'], new Date(endsAt).toISOString());
    const koor = await h.signIn('koor');
    const view = (await koor.request('GET', `/api/v1/cases/${c?.id ?? ''}`)).json<{ alerts: { integration: string; endsAt: string | null; alertname: string }[] }>();
    assert.deepEqual(view.alerts.map((a) => [a.integration, a.alertname, a.endsAt]), [['am-gto', 'SpseDown', new Date(endsAt).toISOString()]]);
    assert.equal((await cases()).length, 1);
  });

  it('lists, rotates and retires the integration from the CLI: the old secret and then the retired integration are refused', async () => {
    const jaga = (args: string[]) => jagaIn(h.t.config.dataDir, [...args, '--lang', 'en']);
    const list = jaga(['intake', 'list', '--as', 'super', '--json']);
    assert.equal(list.status, 0, list.stderr);
    const listed = JSON.parse(list.stdout) as { name: string; username: string; retiredAt: string | null }[];
    assert.deepEqual(listed.map((i) => [i.name, i.username, i.retiredAt]), [['am-gto', 'intake.am-gto', null]]);
    assert.ok(!list.stdout.includes(secret));
    const refusedList = jaga(['intake', 'list', '--as', 'andi']);
    assert.notEqual(refusedList.status, 0);
    assert.match(refusedList.stderr, /cannot manage Alertmanager integrations/);
    const rotated = jaga(['intake', 'rotate-secret', 'am-gto', '--as', 'koor']);
    assert.equal(rotated.status, 0, rotated.stderr);
    const fresh = rotated.stdout.trim();
    assert.match(fresh, /^jaga_am_/);
    const url = `/api/v1/intake/alertmanager/am-gto`;
    const payload = { version: '4', groupKey: 'g', status: 'firing', receiver: 'jaga', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: am.url, alerts: [] };
    const postWith = (s: string) => h.inject({ method: 'POST', url, headers: { authorization: `Bearer ${s}` }, payload });
    assert.equal((await postWith(secret)).statusCode, 401, 'the old secret');
    assert.equal((await postWith(fresh)).statusCode, 200, 'the new one');
    const retired = jaga(['intake', 'retire', 'am-gto', '--as', 'koor', '--reason', 'Prometheus moved']);
    assert.equal(retired.status, 0, retired.stderr);
    assert.match(retired.stderr, /Integration am-gto retired/);
    assert.equal((await postWith(fresh)).statusCode, 403);
  });
});
