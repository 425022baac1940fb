import type { DestinationStream, Logger } from 'pino';
import { pino } from 'pino';
import type { LogLevel } from '../config/ops-config.js';

/**
 * What never reaches a log line, wherever it sits in what is logged: credentials in headers
 * (`authorization`, `cookie`, `set-cookie`, the CSRF token), any field named like a secret (passwords,
 * tokens, TOTP and recovery codes, private keys) up to three levels deep, and a body's `code` (a TOTP
 * code). pino replaces the value.
 */
export const REDACTED_FIELDS = ['password', 'currentPassword', 'newPassword', 'token', 'totp', 'secret', 'recoveryCode', 'privateKey', 'passphrase'];
const REDACTED_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-csrf-token'];
export const REDACTED_PATHS = [
  ...REDACTED_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`, `headers["${h}"]`]),
  ...REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  // A TOTP code is sent as `code`; elsewhere `code` is an error's (EADDRINUSE), which the log keeps.
  'body.code', '*.body.code',
];

/** The path of a request without its query (a query may carry what is not the log's to keep). */
const pathOnly = (url: string | undefined): string => (url ?? '').split('?')[0] ?? '';

/**
 * `jaga serve`'s log: one JSON object per line on `destination` (default stdout), with `time`,
 * `level`, `msg`, the node's id, and per source its own ids (`reqId` on every line of an HTTP
 * request, `sessionId` on every line of a gateway session). Requests are logged by path, never
 * with their query, headers or body.
 */
export function jsonLogger(level: LogLevel, nodeId: string, destination?: DestinationStream): Logger {
  return pino({
    level, base: { node: nodeId }, timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method, path: pathOnly(req.url), remoteAddress: req.ip, remotePort: req.socket?.remotePort,
      }),
    },
  }, destination ?? pino.destination({ dest: 1, sync: true }));
}
