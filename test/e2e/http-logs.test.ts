import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import type { HttpServer } from '../../src/http/server.js';
import { buildHttpServer } from '../../src/http/server.js';
import { jsonLogger } from '../../src/main/json-logger.js';
import type { TestApp } from '../support/test-app.js';
import { PASSWORD, as, openTestApp, seedWorld } from '../support/test-app.js';

type Line = Record<string, unknown>;

/** jaga serve's JSON logger (src/main/json-logger.ts) writing into memory instead of stdout. */
function capturedLogger(level: 'debug' | 'info') {
  const raw: string[] = [];
  const logger = jsonLogger(level, 'node-test', { write: (s: string) => { raw.push(s); } });
  return { logger, raw, lines: (): Line[] => raw.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line) };
}

describe('HTTP logs: JSON lines with the request id, and never a secret', () => {
  let t: TestApp;
  let server: HttpServer;
  const log = capturedLogger('debug');
  const secrets: string[] = [];

  before(async () => {
    t = await openTestApp('sqlite');
    await seedWorld(t);
    server = await buildHttpServer(t.app, { cookieSecure: false, trustProxy: [], bodyLimit: 65536, logLevel: 'silent', logger: log.logger });
  });
  after(async () => { await server.fastify.close(); await t.close(); });

  it('a sign-in with a password, its TOTP step and bearer requests leave neither password, code, cookie, CSRF token nor token in the log', async () => {
    const login = await server.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'koor', password: PASSWORD } });
    assert.equal(login.statusCode, 200, login.body);
    const cookie = login.cookies.find((c) => c.name === 'jaga_session')?.value as string;
    const { csrfToken } = login.json<{ csrfToken: string }>();
    const code = '918273';
    const totp = await server.fastify.inject({
      method: 'POST', url: '/api/v1/auth/totp', payload: { code }, headers: { cookie: `jaga_session=${cookie}`, 'x-csrf-token': csrfToken },
    });
    assert.notEqual(totp.statusCode, 500, totp.body);
    const { token } = await createApiToken(t.app, as('koor'), { name: 'log-test', scope: 'full' });
    const me = await server.fastify.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    const bad = await server.fastify.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer jaga_not-a-real-token-but-secret-still' } });
    assert.equal(bad.statusCode, 401);
    // A query may carry what is not the log's to keep: requests are logged by path.
    assert.equal((await server.fastify.inject({ method: 'GET', url: '/healthz?reset=query-secret-value' })).statusCode, 200);
    secrets.push(PASSWORD, cookie, csrfToken, code, token, 'jaga_not-a-real-token-but-secret-still', 'query-secret-value');

    const text = log.raw.join('');
    for (const s of secrets) assert.ok(!text.includes(s), `the log holds a secret (${s.slice(0, 6)}…):\n${text}`);
    const lines = log.lines();
    assert.ok(lines.length >= 10, `two lines per request at least:\n${text}`);
    for (const l of lines) {
      assert.equal(l['node'], 'node-test');
      assert.equal(typeof l['time'], 'string');
      assert.equal(typeof l['msg'], 'string');
      assert.match(String(l['reqId']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, `every HTTP line names its request: ${JSON.stringify(l)}`);
    }
    const incoming = lines.filter((l) => l['msg'] === 'incoming request');
    const completed = lines.filter((l) => l['msg'] === 'request completed');
    assert.equal(incoming.length, 5);
    assert.deepEqual(completed.map((l) => l['reqId']), incoming.map((l) => l['reqId']), 'a request\'s lines share its id, and each request has its own');
    assert.equal(new Set(incoming.map((l) => l['reqId'])).size, 5);
    const last = (incoming.at(-1) as { req: Line }).req;
    assert.deepEqual([last['method'], last['path'], last['remoteAddress']], ['GET', '/healthz', '127.0.0.1']);
  });

  it('redacts credentials and secret fields wherever a log call puts them', () => {
    const mine = capturedLogger('info');
    mine.logger.info({
      req: { headers: { authorization: 'Bearer leak-1', cookie: 'jaga_session=leak-2' } }, res: { headers: { 'set-cookie': 'jaga_session=leak-3' } },
      password: 'leak-4', user: { newPassword: 'leak-5', totp: 'leak-6' }, body: { code: '777888', username: 'koor' }, err: { code: 'EADDRINUSE' },
    }, 'careless');
    const [line] = mine.lines();
    const text = JSON.stringify(line);
    for (const leak of ['leak-1', 'leak-2', 'leak-3', 'leak-4', 'leak-5', 'leak-6', '777888']) assert.ok(!text.includes(leak), text);
    assert.match(text, /\[redacted\]/);
    assert.match(text, /"username":"koor"/, 'what is no secret stays');
    assert.match(text, /"code":"EADDRINUSE"/, 'an error\'s code stays');
  });
});
