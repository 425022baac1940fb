import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import { rfc6238Totp } from '../../src/adapters/system/rfc6238-totp.js';
import { issueEnrolmentCode } from '../../src/app/auth/enrolment-code.js';
import type { HttpServer } from '../../src/http/server.js';
import type { PasswordHasher } from '../../src/ports/crypto.js';
import type { LiveSessions } from '../../src/ports/live-sessions.js';
import { buildHttpServer } from '../../src/http/server.js';
import type { TestApp, TestDialect } from './test-app.js';
import { PASSWORD, as, openTestApp, seedWorld } from './test-app.js';

export interface TestHttp {
  readonly t: TestApp;
  readonly server: HttpServer;
  readonly world: Awaited<ReturnType<typeof seedWorld>>;
  /** TOTP secrets of users who enrolled through `signIn`. */
  readonly totpSecrets: Map<string, string>;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** Signs in by password (+ TOTP, enrolling on first use) and returns a client bound to that session. */
  signIn(username: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export interface Client {
  readonly username: string;
  readonly cookie: string;
  readonly csrfToken: string;
  /** Request with the session cookie and (for unsafe methods) the CSRF header. */
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** A migrated, seeded app (see seedWorld) with the HTTP server built over it (not listening; use inject). */
export async function openTestHttp(dialect: TestDialect = 'sqlite',
  opts: { passwords?: PasswordHasher; live?: LiveSessions; recordingsDir?: string } = {}): Promise<TestHttp> {
  const t = await openTestApp(dialect, opts);
  const world = await seedWorld(t);
  // A test's own recordings directory stands in for the configured one.
  const app = opts.recordingsDir ? { ...t.app, recordings: new LocalRecordingStore(opts.recordingsDir) } : t.app;
  const server = await buildHttpServer(app, {
    cookieSecure: false, trustProxy: [], bodyLimit: 64 * 1024, logLevel: 'silent',
    ...(opts.live ? { live: opts.live } : {}),
  });
  const totpSecrets = new Map<string, string>();
  const inject = (opts: InjectOptions) => server.fastify.inject(opts);

  async function signIn(username: string, password = PASSWORD): Promise<Client> {
    const login = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (login.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${login.statusCode} ${login.body}`);
    const setCookie = login.cookies.find((c) => c.name === 'jaga_session');
    if (!setCookie) throw new Error('no session cookie');
    const cookie = `jaga_session=${setCookie.value}`;
    const { csrfToken, next } = login.json<{ csrfToken: string; next: string }>();
    const client: Client = {
      username, cookie, csrfToken,
      request: (method, url, body, headers = {}) => inject({
        method, url, headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }), ...headers },
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      }),
    };
    const now = () => t.clock.now();
    if (next === 'totp_enrolment') {
      // The superadmin issues the one-time enrolment code (the superadmin's own comes from the CLI's way, the use case).
      const { code: enrolmentCode } = await issueEnrolmentCode(t.app, as('super'), username);
      const e = await client.request('POST', '/api/v1/auth/totp/enroll', { password, enrolmentCode });
      if (e.statusCode !== 200) throw new Error(`enroll: ${e.body}`);
      const secret = e.json<{ secret: string }>().secret;
      totpSecrets.set(username, secret);
      const c = await client.request('POST', '/api/v1/auth/totp/confirm', { code: rfc6238Totp.code(secret, now()) });
      if (c.statusCode !== 200) throw new Error(`confirm: ${c.body}`);
    } else if (next === 'totp') {
      const secret = totpSecrets.get(username);
      if (!secret) throw new Error(`no TOTP secret known for ${username}`);
      // A new 30-second step so the code differs from the one used at enrolment.
      t.clock.advanceSeconds(30);
      const v = await client.request('POST', '/api/v1/auth/totp', { code: rfc6238Totp.code(secret, now()) });
      if (v.statusCode !== 200) throw new Error(`totp: ${v.body}`);
    }
    return client;
  }

  return { t, server, world, totpSecrets, inject, signIn, close: async () => { await server.fastify.close(); await t.close(); } };
}
