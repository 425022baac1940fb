import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { HmacSha256Base64 } from '../../domain/notification/webhook-signature.js';
import { webhookHeaders } from '../../domain/notification/webhook-signature.js';
import type { WebhookPoster, WebhookResponse } from '../../ports/notification-channels.js';
import { hmacSha256Base64 } from '../system/node-crypto.js';

/** How much of a receiver's answer is read and kept for the delivery log; the rest is not read. */
export const WEBHOOK_EXCERPT_BYTES = 512;

/** What every webhook says it is. */
export const WEBHOOK_USER_AGENT = 'Jaga';

/** The first bytes of an answer as text; a character cut at the end is dropped, not shown as garbage. */
function excerptOf(bytes: Buffer): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\uFFFD+$/, '');
}

/** A network failure in the delivery log's words: the system's code and message (the host and port, never the path or a secret). */
function networkFailure(err: unknown): Error {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const message = typeof e.message === 'string' ? e.message : String(err);
  return new Error(`webhook not delivered: ${message.includes(code) ? message : `${code} ${message}`}`);
}

/**
 * The webhook poster over Node's own http/https: one POST per call, signed the Standard Webhooks
 * way (`webhook-id`, `webhook-timestamp`, `webhook-signature`), `content-type: application/json`,
 * `user-agent: Jaga`. Redirects are not followed (a 3xx is the answer, and a failure for the
 * channel: a signed body is never re-sent to an address the endpoint did not name). The timeout
 * covers the connection, the answer's head and the excerpt; at most {@link WEBHOOK_EXCERPT_BYTES}
 * of the body are read. https checks the receiver's certificate (the system's CAs, and `ca`). No
 * keep-alive: a call leaves no socket behind. Nothing is logged here.
 */
export function createHttpWebhookPoster(opts: {
  /** Certificates (PEM) trusted besides the system's for https receivers: a private CA of the receiver's network. */
  readonly ca?: string;
  readonly hmac?: HmacSha256Base64;
} = {}): WebhookPoster {
  const hmac = opts.hmac ?? hmacSha256Base64;
  const ca = opts.ca === undefined ? undefined : [...rootCertificates, opts.ca];
  return {
    post: (req, timeoutMs) => new Promise<WebhookResponse>((resolve, reject) => {
      const url = new URL(req.url);
      const body = Buffer.from(req.body, 'utf8');
      const headers = {
        ...webhookHeaders(hmac, req.secret, req.id, req.timestamp, req.body), 'user-agent': WEBHOOK_USER_AGENT, 'content-length': String(body.length),
      };
      let settled = false;
      const finish = (outcome: { ok: WebhookResponse } | { err: Error }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        if ('ok' in outcome) resolve(outcome.ok);
        else reject(outcome.err);
      };
      const onResponse = (res: IncomingMessage): void => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (): void => finish({ ok: { status: res.statusCode ?? 0, excerpt: excerptOf(Buffer.concat(chunks).subarray(0, WEBHOOK_EXCERPT_BYTES)) } });
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          size += c.length;
          if (size >= WEBHOOK_EXCERPT_BYTES) done();
        });
        res.on('end', done);
        res.on('error', (e) => finish({ err: networkFailure(e) }));
      };
      const request = url.protocol === 'https:'
        ? httpsRequest(url, { method: 'POST', headers, agent: false, ...(ca === undefined ? {} : { ca }) }, onResponse)
        : httpRequest(url, { method: 'POST', headers, agent: false }, onResponse);
      const timer = setTimeout(() => finish({ err: new Error(`webhook not delivered: no complete answer within ${timeoutMs} ms`) }), timeoutMs);
      request.on('error', (e) => finish({ err: networkFailure(e) }));
      request.end(body);
    }),
  };
}
