import { DomainError } from '../domain/errors.js';

/** How webhooks are sent (issue 13). */
export interface WebhookConfig {
  /**
   * JAGA_WEBHOOK_ALLOW_HTTP=1: endpoints may be plain `http://` anywhere (default: https, or http
   * only to a receiver on this machine). For a receiver on a closed network without TLS.
   */
  readonly allowHttp: boolean;
  /** JAGA_WEBHOOK_TIMEOUT: seconds one POST may take, connection to last byte of the excerpt (default 10, 1–120). */
  readonly timeoutMs: number;
}

const TIMEOUT = { name: 'JAGA_WEBHOOK_TIMEOUT', min: 1, max: 120, fallback: 10 } as const;

/** Parses the webhook variables; a bad value is refused with a message naming the variable, never defaulted. */
export function loadWebhookConfig(env: Readonly<Record<string, string | undefined>>): WebhookConfig {
  const flag = env['JAGA_WEBHOOK_ALLOW_HTTP'];
  if (flag !== undefined && !['', '0', '1', 'true', 'false'].includes(flag)) {
    throw DomainError.of('invalid', 'config.flag_invalid', { name: 'JAGA_WEBHOOK_ALLOW_HTTP', value: flag.slice(0, 40) });
  }
  const t = env[TIMEOUT.name]?.trim();
  const seconds = t === undefined || t === '' ? TIMEOUT.fallback : /^\d{1,4}$/.test(t) ? Number(t) : NaN;
  if (!(seconds >= TIMEOUT.min && seconds <= TIMEOUT.max)) {
    throw DomainError.of('invalid', 'config.webhook_timeout_invalid', { name: TIMEOUT.name, value: (t ?? '').slice(0, 40), min: TIMEOUT.min, max: TIMEOUT.max });
  }
  return Object.freeze({ allowHttp: flag === '1' || flag === 'true', timeoutMs: seconds * 1000 });
}
