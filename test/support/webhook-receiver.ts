import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hmacSha256Base64 } from '../../src/adapters/system/node-crypto.js';
import type { WebhookVerifyProblem } from '../../src/domain/notification/webhook-signature.js';
import { verifyWebhook } from '../../src/domain/notification/webhook-signature.js';

/** What the receiver does with the next requests: verify and answer, answer 500, redirect, or never answer. */
export type ReceiverMode = 'verify' | 'fail500' | 'redirect' | 'hang';

/** One request as the receiver got it, and what its signature check said (null: genuine). */
export interface ReceivedWebhook {
  /** The request's path and query (`/hook`, `/hook?to=b`): which endpoint it was sent to. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly problem: WebhookVerifyProblem | null;
  readonly status: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook` (`https://` with `tls`). */
  readonly url: string;
  readonly received: readonly ReceivedWebhook[];
  /** The secret the receiver verifies with (what the endpoint's creation showed once). */
  secret: string;
  /** Several endpoints on one receiver (`url` with a query each): the secret of a request's path and query, else `secret`. */
  secretFor?: (path: string) => string | undefined;
  mode: ReceiverMode;
  /** Stops listening (a receiver that is down); the port stays known, so deliveries to it are refused. */
  close(): Promise<void>;
}

/**
 * A real webhook receiver for the tests (node:http on 127.0.0.1, a free port): it checks each
 * request's Standard Webhooks signature with Jaga's own `verifyWebhook` against `nowSeconds` (the
 * test's clock) and answers 204 when genuine, 401 with the reason when not; or, as told, 500, a
 * redirect, or nothing at all. Stop it in `after()` with `close()`.
 */
export async function startWebhookReceiver(opts: {
  secret?: string; nowSeconds?: () => number;
  /** Serve https with this key and certificate (see {@link selfSignedCertificate}). */
  tls?: { key: string; cert: string };
  /** Listen on this port (a receiver that is up again where it was down); a free one by default. */
  port?: number;
} = {}): Promise<WebhookReceiver> {
  const now = opts.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const received: ReceivedWebhook[] = [];
  const sockets = new Set<Socket>();
  const answer = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): number => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
    return status;
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = req.headers;
      const one = (k: string): string | undefined => (typeof h[k] === 'string' ? h[k] : undefined);
      const path = req.url ?? '';
      const problem = verifyWebhook(hmacSha256Base64, receiver.secretFor?.(path) ?? receiver.secret, {
        'webhook-id': one('webhook-id'), 'webhook-timestamp': one('webhook-timestamp'), 'webhook-signature': one('webhook-signature'),
      }, body, now());
      // 'hang': no answer at all (status 0); close() ends the connection.
      const status = receiver.mode === 'hang' ? 0
        : receiver.mode === 'fail500' ? answer(res, 500, 'receiver broke: '.padEnd(2000, 'x'))
          : receiver.mode === 'redirect' ? answer(res, 302, '', { location: 'http://127.0.0.1:1/elsewhere' })
            : problem === null ? (res.writeHead(204).end(), 204) : answer(res, 401, `signature refused: ${problem}`);
      received.push({ path, headers: h, body, problem, status });
    });
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, handle) : createServer(handle);
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver has no port');
  let closed = false;
  const receiver: WebhookReceiver = {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${address.port}/hook`, received, secret: opts.secret ?? '', mode: 'verify',
    close: async () => {
      if (closed) return;
      closed = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/** A fresh self-signed certificate for 127.0.0.1 (P-256, one day), made by `openssl` (scripts/ensure-system-deps.sh). */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
