import type { DomainError } from '../domain/errors.js';
import { messageOf, t, type Lang } from '../messages/catalogue.js';
import type { UiKey, UiParams } from '../messages/ui-messages.js';
import { terminalBlank } from './terminal-safe.js';

/**
 * What the SSH gateway shows a person on the client's stderr (and in its banners and prompts):
 * one line, `Jaga: …`, with the SOP rule when there is one. The words are the catalogue's
 * (`gateway.*` in src/messages/ui-messages.ts); this renderer frames them in one language, or in
 * both (Indonesian / English) while the person is not known yet. Terminal control characters in
 * every value are neutralised: a name, a command or an error text cannot rewrite the screen.
 */

/** A line's language: the person's, or null for both (before they are identified, or without a preference). */
export type GatewayLang = Lang | null;

const clean = terminalBlank;

type Values = Record<string, string | number>;

function cleanValues(params: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'string' ? clean(v) : v;
  return out;
}

export interface GatewayLines {
  readonly lang: GatewayLang;
  /** A refusal at connect time: `Jaga: DITOLAK / REFUSED [rule]: …`. */
  refusal(err: DomainError): string;
  /** The access re-check refused the session (its rule and words). */
  accessRevoked(err: DomainError): string;
  /** The access re-check could not get an answer, three times running. */
  readonly accessUnconfirmed: string;
  internalError(ref: string): string;
  badLoginName(name: string): string;
  targetUnreachable(target: string, why: string): string;
  /** Without a line end: also the description of a refused channel open, which the client prints. */
  readonly forwardingRefused: string;
  subsystemRefused(name: string): string;
  readonly recordingFailed: string;
  terminated(by: string): string;
  readonly shutdown: string;
  idle(minutes: number): string;
  readonly transferUnobservable: string;
  recordingQuota(quotaBytes: number): string;
  readonly targetClosed: string;
  /** The session sent more refused requests than it may. */
  tooManyRefusals(limit: number): string;
  readonly totpPrompt: string;
  readonly totpInstructions: string;
}

/** `256 MiB`, `64 KiB`, `1000 B`: a size as whole binary units where it is one. */
function byteSize(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  return `${n} B`;
}

type Params<K extends UiKey> = keyof UiParams<K> extends never ? [] : [UiParams<K>];

/** A catalogue text in `lang` (null: Indonesian / English), its values neutralised for the terminal. */
function sayIn<K extends UiKey>(lang: GatewayLang, key: K, ...params: Params<K>): string {
  const one = (l: Lang): string => (t as (l: Lang, k: UiKey, p?: Values) => string)(l, key, params[0] ? cleanValues(params[0] as Values) : undefined);
  return lang ? one(lang) : `${one('id')} / ${one('en')}`;
}

/** The gateway's lines in `lang` (null: Indonesian / English). */
export function gatewayLines(lang: GatewayLang): GatewayLines {
  const say = <K extends UiKey>(key: K, ...params: Params<K>): string => sayIn(lang, key, ...params);
  const errorText = (err: DomainError): string => (lang ? clean(messageOf(err, lang)) : `${clean(messageOf(err, 'id'))} / ${clean(messageOf(err, 'en'))}`);
  const rule = (err: DomainError): string | null => (typeof err.details['rule'] === 'string' ? err.details['rule'] : null);
  const notice = (body: string): string => `Jaga: ${body}.\r\n`;
  const refused = (body: string): string => `Jaga: ${say('gateway.refused')}: ${body}`;
  return {
    lang,
    refusal: (err) => {
      const r = rule(err);
      return `Jaga: ${say('gateway.refused')}${r ? ` [${clean(r)}]` : ''}: ${errorText(err)}\r\n`;
    },
    accessRevoked: (err) => {
      const r = rule(err);
      return notice(say('gateway.access_revoked', { why: `${r ? `${r}: ` : ''}${errorText(err)}` }));
    },
    accessUnconfirmed: notice(say('gateway.access_revoked', { why: say('gateway.access_unconfirmed') })),
    internalError: (ref) => notice(say('gateway.internal_error', { ref })),
    badLoginName: (name) => `${refused(say('gateway.bad_login_name', { name }))}.\r\n`,
    targetUnreachable: (target, why) => notice(say('gateway.target_unreachable', { target, why })),
    forwardingRefused: `${refused(say('gateway.forwarding_refused'))}.`,
    subsystemRefused: (name) => `${refused(say('gateway.subsystem_refused', { name }))}.\r\n`,
    recordingFailed: notice(say('gateway.recording_failed')),
    terminated: (by) => notice(say('gateway.terminated', { by })),
    shutdown: notice(say('gateway.shutdown')),
    idle: (minutes) => notice(say('gateway.idle', { minutes })),
    transferUnobservable: notice(say('gateway.transfer_unobservable')),
    recordingQuota: (quotaBytes) => notice(say('gateway.recording_quota', { quota: byteSize(quotaBytes) })),
    targetClosed: notice(say('gateway.target_closed')),
    tooManyRefusals: (limit) => notice(say('gateway.too_many_refusals', { limit })),
    totpPrompt: `${say('gateway.totp_prompt')}: `,
    totpInstructions: `Jaga: ${say('gateway.totp_instructions')}`,
  };
}

/**
 * The gateway's lines in the operator log of `jaga serve` (`gateway: …`), in the language that
 * command was given (`--lang` / `JAGA_LANG`; null: Indonesian / English). The person who reads them
 * is the one who started the node; the logbook holds the evidence of each event (the block, the
 * sessions closed), so these lines are notices, not records.
 */
export interface OperatorLines {
  sourceBlocked(ip: string, minutes: number, refusals: number): string;
  lostNodeSessionsClosed(count: number): string;
  abandonedSessionsClosed(count: number): string;
}

export function operatorLines(lang: GatewayLang): OperatorLines {
  return {
    sourceBlocked: (ip, minutes, refusals) => `gateway: ${sayIn(lang, 'gateway.log.source_blocked', { ip, minutes, refusals })}`,
    lostNodeSessionsClosed: (count) => `gateway: ${sayIn(lang, 'gateway.log.lost_node_sessions_closed', { count })}`,
    abandonedSessionsClosed: (count) => `gateway: ${sayIn(lang, 'gateway.log.abandoned_sessions_closed', { count })}`,
  };
}

/**
 * Words the gateway writes into evidence (a logbook entry's data), read later by an auditor whose
 * language nobody at the terminal knows: always both, Indonesian first, never the executor's
 * preference (as the logbook keeps a refusal's words in both, catalogue.ts bothOf).
 */
export const evidenceText = (key: 'gateway.typed_at_prompt'): string => sayIn(null, key);
