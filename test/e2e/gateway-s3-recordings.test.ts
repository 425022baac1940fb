/**
 * Recordings in S3-compatible object storage through the real gateway: one interactive session
 * through `ssh -tt`, its recording written to the node's spool and uploaded to a real
 * S3-compatible server (s3rver), then downloaded through the HTTP API with its SHA-256.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordingUploadRepository } from '../../src/adapters/db/repositories/recording-upload.repository.js';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { buildHttpServer } from '../../src/http/server.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, settled, startGatewayWorld } from '../support/gateway-world.js';
import type { S3TestServer } from '../support/s3-server.js';
import { startS3Server } from '../support/s3-server.js';
import { runClient } from '../support/sshd.js';
import { as } from '../support/test-app.js';

describe('SSH gateway with recordings in S3-compatible object storage', () => {
  let s3: S3TestServer;
  let w: GatewayWorld;
  before(async () => {
    s3 = await startS3Server();
    w = await startGatewayWorld({ env: s3.env('lkpp') });
  });
  after(async () => { await w?.close(); await s3?.stop(); });

  it('records a session into the bucket and serves it through the API with the SHA-256 the logbook holds', async () => {
    const r = await runClient('ssh', [...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`, 'echo ok-$((40+2))-s3']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ok-42-s3/);
    await settled(w);
    const s = (await w.t.app.store.read((x) => x.gatewaySessions.listForCase(w.caseId))).at(-1);
    assert.ok(s && s.recordings.length === 1, 'the session has its recording');
    const rec = s.recordings[0];
    assert.ok(rec);
    const u = await recordingUploadRepository(w.t.app.store.db).findByKey(rec.file);
    assert.deepEqual([u?.state, u?.sha256, u?.bytes], ['finished', rec.sha256, rec.bytes]);
    assert.ok(existsSync(join(s3.dir, 'jaga-recordings', 'lkpp')), 'the object is in the bucket, under the prefix');
    assert.equal(existsSync(join(w.t.config.dataDir, 'recordings')), false, 'nothing in the local recordings directory');
    assert.deepEqual(readdirSync(join(w.t.config.dataDir, 'recordings-spool')), [], 'the spool copy is gone once stored');

    const server = await buildHttpServer(w.t.app, { cookieSecure: false, trustProxy: [], bodyLimit: 65536, logLevel: 'silent', live: w.gateway.live });
    await server.fastify.listen({ host: '127.0.0.1', port: 0 });
    try {
      const port = (server.fastify.server.address() as { port: number }).port;
      const { token } = await createApiToken(w.t.app, as('koor'), { name: 'unduh', scope: 'full' });
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/gateway/sessions/${s.id}/recordings/${rec.channel}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, await res.clone().text());
      const body = Buffer.from(await res.arrayBuffer());
      assert.equal(res.headers.get('x-content-sha256'), rec.sha256);
      assert.equal(createHash('sha256').update(body).digest('hex'), rec.sha256, 'the bytes served are the bytes hashed');
      assert.equal(body.length, rec.bytes);
      assert.match(body.toString('utf8').split('\n')[0] ?? '', /^\{"version":2,/);
      assert.match(body.toString('utf8'), /ok-42-s3/);
    } finally {
      await server.fastify.close();
    }
    const ended = (await logbook(w.t)).find((e) => e.type === 'case.access_ended' && e.d['sessionId'] === s.id);
    assert.equal((ended?.d['recordings'] as { sha256: string }[])[0]?.sha256, rec.sha256);
    const report = await verifyLogbook(w.t.app, undefined, { records: w.t.app });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.ok((report.records?.recordings ?? 0) >= 1, 'the recording in the bucket was checked against the logbook');
  });
});
