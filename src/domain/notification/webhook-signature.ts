/*
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): the sender signs
 * `<webhook-id>.<webhook-timestamp>.<body>` with HMAC-SHA256 under the base64-decoded part of the
 * `whsec_` secret and sends `webhook-signature: v1,<base64 MAC>`; a receiver recomputes it and
 * refuses an old timestamp. Pure: the MAC itself is passed in (`HmacSha256Base64`, node:crypto in `adapters/system/node-crypto.ts`), so the
 * domain imports no crypto library.
 */

/** HMAC-SHA256 of a UTF-8 message under a key given as base64; the MAC as base64 (implemented in `adapters/system/node-crypto.ts`). */
export type HmacSha256Base64 = (keyBase64: string, message: string) => string;

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** What a receiver accepts between the timestamp and its own clock, either way (the standard's 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A new signing secret: `whsec_` + standard base64 of the random bytes. `randomBase64url` gives
 * them base64url-encoded without padding (the RandomToken port), turned here into plain base64.
 */
export function newWebhookSecret(randomBase64url: (bytes: number) => string, bytes = 32): string {
  const b64 = randomBase64url(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return `${WEBHOOK_SECRET_PREFIX}${b64}${'='.repeat((4 - (b64.length % 4)) % 4)}`;
}

/** The HMAC key of a secret (its base64 part, prefix optional as in the reference libraries); undefined when it is not base64. */
export function webhookSecretKey(secret: string): string | undefined {
  const key = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  return key.length > 0 && BASE64.test(key) ? key : undefined;
}

/** What is signed: `<id>.<timestamp>.<body>`. */
export const signedContent = (id: string, timestamp: number, body: string): string => `${id}.${timestamp}.${body}`;

/** The `webhook-signature` header's value: `v1,<base64 HMAC-SHA256>`. Throws on a secret that is not base64 (a stored one always is). */
export function signWebhook(hmac: HmacSha256Base64, secret: string, id: string, timestamp: number, body: string): string {
  const key = webhookSecretKey(secret);
  if (key === undefined) throw new Error('webhook secret is not base64');
  return `v1,${hmac(key, signedContent(id, timestamp, body))}`;
}

/** The three headers of a signed webhook, and the content type. */
export function webhookHeaders(hmac: HmacSha256Base64, secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return {
    'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(hmac, secret, id, timestamp, body),
    'content-type': 'application/json',
  };
}

/** Why a receiver refuses a webhook. */
export type WebhookVerifyProblem = 'missing_headers' | 'bad_timestamp' | 'too_old' | 'too_new' | 'bad_secret' | 'no_match';

/** Compares `given` with `expected` in time that depends on the expected length only, not on where they differ. */
export function constantTimeEqual(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  // Past the end of `given`, charCodeAt is NaN, and NaN | 0 is 0: the loop runs the same either way.
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  return diff === 0;
}

/**
 * A receiver's check (what `test/support/webhook-receiver.ts` runs, and `docs/webhooks.md`
 * shows): the headers are there, the timestamp is within the tolerance of `nowSeconds`, and one
 * of the space-separated `v1,` signatures (several during a secret's rotation) matches, compared
 * in constant time. Returns null when the webhook is genuine, else why not.
 */
export function verifyWebhook(hmac: HmacSha256Base64, secret: string, headers: Readonly<Record<string, string | undefined>>, body: string,
  nowSeconds: number, toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS): WebhookVerifyProblem | null {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sig = headers['webhook-signature'];
  if (!id || !ts || !sig) return 'missing_headers';
  if (!/^\d{1,12}$/.test(ts)) return 'bad_timestamp';
  const timestamp = Number(ts);
  if (timestamp < nowSeconds - toleranceSeconds) return 'too_old';
  if (timestamp > nowSeconds + toleranceSeconds) return 'too_new';
  const key = webhookSecretKey(secret);
  if (key === undefined) return 'bad_secret';
  const expected = hmac(key, signedContent(id, timestamp, body));
  let match = false;
  for (const part of sig.split(' ')) {
    const [version, mac] = part.split(',', 2);
    if (version === 'v1' && mac !== undefined && constantTimeEqual(mac, expected)) match = true;
  }
  return match ? null : 'no_match';
}
