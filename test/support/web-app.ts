import type { AddressInfo } from 'node:net';
import { reportFault } from '../../src/app/case/report-fault.js';
import type { LiveSessions } from '../../src/ports/live-sessions.js';
import type { TestHttp } from './http-app.js';
import { openTestHttp } from './http-app.js';
import { as } from './test-app.js';
import { enrolTotp } from './totp.js';

export interface WebApp {
  readonly h: TestHttp;
  /** `http://127.0.0.1:<port>`: the real Jaga server (API and pages) listening on loopback. */
  readonly origin: string;
  /** Enrols the user's TOTP through the real use cases (its secret stays with the test). */
  enrol(username: string): Promise<void>;
  /** The user's current TOTP code, on a 30-second step no earlier code of theirs used. */
  totpCode(username: string): string;
  report(description: string, opts?: { system?: string; urgency?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Jaga's HTTP server (API + web UI) over a fresh SQLite data directory, seeded (see seedWorld), listening on 127.0.0.1;
 * `live`: the gateway sessions it carries (none without).
 */
export async function openWebApp(opts: { live?: LiveSessions } = {}): Promise<WebApp> {
  const h = await openTestHttp('sqlite', opts);
  await h.server.fastify.listen({ host: '127.0.0.1', port: 0 });
  const { port } = h.server.fastify.server.address() as AddressInfo;
  const secrets = new Map<string, string>();
  return {
    h, origin: `http://127.0.0.1:${port}`,
    async enrol(username) { secrets.set(username, await enrolTotp(h.t, username)); },
    totpCode(username) {
      const secret = secrets.get(username);
      if (!secret) throw new Error(`${username} has no TOTP enrolled by this test`);
      // A fresh step each time: a code once accepted is refused as reused.
      h.t.clock.advanceSeconds(30);
      return h.t.app.totp.code(secret, h.t.clock.now());
    },
    async report(description, opts = {}) {
      const c = await reportFault(h.t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: opts.system ?? 'SPSE produksi', description,
        urgency: opts.urgency ?? 'high', channel: 'web' });
      return c.id;
    },
    close: () => h.close(),
  };
}
