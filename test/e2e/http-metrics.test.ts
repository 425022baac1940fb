import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { sample } from '../support/metrics-text.js';


describe('metrics of the HTTP edge (prom-client, a registry per App)', () => {
  let h: TestHttp;
  let other: TestHttp;
  before(async () => {
    h = await openTestHttp('sqlite');
    other = await openTestHttp('sqlite');
    await h.t.app.metrics.start();
    await other.t.app.metrics.start();
  });
  after(async () => { await h.close(); await other.close(); });

  it('counts requests by route pattern and status, refusals at the edge and in use cases by code, each App apart', async () => {
    const koor = await h.signIn('koor');
    const before = await h.t.app.metrics.render();
    // A cookie write without its CSRF header: refused at the edge, before any use case.
    assert.equal((await h.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie: koor.cookie }, payload: {} })).statusCode, 403);
    assert.equal((await koor.request('GET', '/api/v1/cases/tidak-ada')).statusCode, 404);
    assert.equal((await koor.request('GET', '/api/v1/cases/juga-tidak-ada')).statusCode, 404);
    const now = await h.t.app.metrics.render();
    const moved = (series: string) => sample(now, series) - sample(before, series);
    assert.equal(moved('jaga_refusals_total{code="auth.csrf_failed",provision="none"}'), 1);
    assert.equal(moved('jaga_refusals_total{code="case.not_found",provision="none"}'), 2);
    assert.equal(moved('jaga_http_requests_total{method="GET",route="/api/v1/cases/:id",status="404"}'), 2, 'by the route\'s pattern, never the path asked');
    assert.doesNotMatch(now, /tidak-ada/);
    assert.equal(moved('jaga_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:id"}'), 2);
    const theOther = await other.t.app.metrics.render();
    assert.equal(sample(theOther, 'jaga_refusals_total{code="case.not_found",provision="none"}'), 0, 'another App in the same process counts apart');
  });


  it('the outbox-depth seam: no jaga_outbox_depth until an outbox is wired, then its depth read at each scrape', async () => {
    assert.doesNotMatch(await other.t.app.metrics.render(), /jaga_outbox_depth/);
    let depth = 4;
    other.t.app.metrics.outboxDepth(async () => depth);
    assert.equal(sample(await other.t.app.metrics.render(), 'jaga_outbox_depth'), 4);
    depth = 0;
    assert.match(await other.t.app.metrics.render(), /^jaga_outbox_depth 0$/m);
  });
});
