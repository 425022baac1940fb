import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseCidr } from '../domain/access/cidr.js';
import { DomainError } from '../domain/errors.js';
import type { WitnessLocation } from '../domain/logbook/witness-location.js';
import { parseWitnessList } from '../domain/logbook/witness-location.js';
import type { WebhookConfig } from './webhook-config.js';
import { loadWebhookConfig } from './webhook-config.js';
import type { OpsConfig } from './ops-config.js';
import { opsConfig } from './ops-config.js';
import type { RecordingStorageConfig } from './recording-storage-config.js';
import { recordingStorageConfig } from './recording-storage-config.js';
import type { NotifyConfig } from './notify-config.js';
import { notifyConfig } from './notify-config.js';
import type { MailConfig } from './mail-config.js';
import { loadMailConfig } from './mail-config.js';

/** Where the store lives: an embedded SQLite file or a PostgreSQL server. */
export type DatabaseLocation =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize?: number };

export interface Config {
  readonly dataDir: string;
  readonly database: DatabaseLocation;
  /** Ed25519 key that signs logbook checkpoints. */
  readonly signingKeyFile: string;
  /**
   * The key file was configured (`JAGA_SIGNING_KEY_FILE`), possibly outside the data directory and
   * owned by another user: it must exist, and is never created.
   */
  readonly signingKeyConfigured: boolean;
  readonly logbook: {
    /** `jaga serve` signs a checkpoint this often when there are new entries (JAGA_CHECKPOINT_INTERVAL; 0 = off). */
    readonly checkpointIntervalSeconds: number;
    /** Where each checkpoint is pushed (JAGA_WITNESSES). */
    readonly witnesses: readonly WitnessLocation[];
  };
  /** AES-256 key that seals secrets at rest (TOTP seeds, gateway credentials). */
  readonly dataKeyFile: string;
  readonly http: {
    readonly host: string; readonly port: number; readonly cookieSecure: boolean; readonly trustProxy: readonly string[];
    /** JAGA_METRICS_ADDR: a separate listener serving only /metrics, without authentication; null: none (then /metrics needs a `metrics` token). */
    readonly metrics: { readonly host: string; readonly port: number } | null;
    /**
     * JAGA_PUBLIC_URL: where people reach this installation's pages (e.g. behind a proxy), without a
     * trailing slash; null: not set. The Form Laporan's QR code then leads to its public check page.
     */
    readonly publicUrl: string | null;
  };
  readonly ssh: {
    readonly host: string;
    readonly port: number;
    /** The gateway's own ed25519 host key (created on first start). */
    readonly hostKeyFile: string;
    /** asciicast recordings of interactive sessions. */
    readonly recordingsDir: string;
    /** A session with no traffic either way for this long is ended; 0 = never. */
    readonly idleTimeoutSeconds: number;
    /** What one gateway session may record in full, its channels together (bytes; JAGA_SSH_RECORDING_QUOTA, default 256 MiB). */
    readonly recordingQuotaBytes: number;
    /** This node's name among `jaga serve` nodes sharing one store (JAGA_NODE_ID; default host name and data directory). */
    readonly nodeId: string;
    /** JAGA_SSH_TOTP_GRACE: after a TOTP pass, the same user, key and address connect again without a code for this long; 0 = off. */
    readonly totpGraceSeconds: number;
    /** A session with more lines typed at secret prompts than this is flagged on its case (JAGA_SSH_MASKED_LINES_FLAG, default 3). */
    readonly maskedLinesFlag: number;
  };
  readonly report: {
    /**
     * The SOP evaluation proposes *berjalan dengan baik* for a step when at least this share (0…1)
     * of its cases met the time standard (JAGA_EVALUATION_THRESHOLD, a percentage, default 80).
     */
    readonly evaluationThreshold: number;
  };
  /** Webhooks (issue 13): JAGA_WEBHOOK_ALLOW_HTTP, JAGA_WEBHOOK_TIMEOUT (config/webhook-config.ts). */
  readonly webhooks: WebhookConfig;
  /** Operations (issue 14, src/config/ops-config.ts): JAGA_LOG_LEVEL. */
  readonly ops: OpsConfig;
  /** Recordings in the data directory or in S3-compatible object storage (JAGA_RECORDINGS_URL; recording-storage-config.ts). */
  readonly recordingStorage: RecordingStorageConfig;
  /** The notification outbox and its worker (issue 13; `notify-config.ts`). */
  readonly notify: NotifyConfig;
  /** Email notifications: JAGA_SMTP_URL, JAGA_MAIL_FROM (issue 13; `mail-config.ts`). */
  readonly mail: MailConfig;
}

function secondsVar(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d{1,7}$/.test(v.trim())) {
    throw DomainError.of('invalid', 'config.seconds_invalid', { name, value: v });
  }
  return Number(v.trim());
}

/**
 * What one gateway session may record by default: 256 MiB. An interactive repair produces a few
 * MiB of terminal traffic; this leaves two orders of magnitude above that while bounding the disk
 * one session can fill (binary data escaped in asciicast JSON takes up to six times its size).
 * Bulk data belongs in scp/sftp, which are hashed per file and not bounded by the quota.
 */
export const DEFAULT_RECORDING_QUOTA_BYTES = 256 * 1024 * 1024;
const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** 1 MiB … 1 TiB. */
const MIN_QUOTA = 1024 ** 2;
const MAX_QUOTA = 1024 ** 4;

/** A size in bytes: digits, optionally with K, M or G (binary: KiB, MiB, GiB; `256M`, `256MiB`). */
function bytesVar(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const m = /^(\d{1,13})\s*(?:([kmg])(?:i?b)?|b)?$/i.exec(v.trim());
  const n = m ? Number(m[1]) * (BYTE_UNITS[(m[2] ?? '').toLowerCase()] as number) : NaN;
  if (!(n >= MIN_QUOTA && n <= MAX_QUOTA)) {
    throw DomainError.of('invalid', 'config.bytes_invalid', { name, value: v.slice(0, 40), min: '1 MiB', max: '1 TiB' });
  }
  return n;
}

function countVar(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d{1,6}$/.test(v.trim())) throw DomainError.of('invalid', 'config.count_invalid', { name, value: v.slice(0, 40) });
  return Number(v.trim());
}

/** A percentage 1–100 (`80`, `87.5`, `80%`) as a share 0…1; a bad value is refused, never defaulted. */
function percentVar(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback / 100;
  const m = /^\s*(\d{1,3}(?:\.\d{1,2})?)\s*%?\s*$/.exec(v);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 1 && n <= 100)) throw DomainError.of('invalid', 'config.percent_invalid', { name, value: v.slice(0, 40) });
  return n / 100;
}

function checkpointIntervalVar(env: Readonly<Record<string, string | undefined>>): number {
  const v = env['JAGA_CHECKPOINT_INTERVAL'];
  if (v === undefined || v === '') return 600;
  const n = /^\d{1,7}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  // Under ten seconds a busy installation would sign a checkpoint for nearly every entry.
  if (!(n === 0 || n >= 10)) throw DomainError.of('invalid', 'config.checkpoint_interval_invalid', { value: v.slice(0, 40) });
  return n;
}

function signingKeyVar(env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  const v = env['JAGA_SIGNING_KEY_FILE'];
  if (v === undefined || v === '') return undefined;
  if (v.includes('\0')) throw DomainError.of('invalid', 'signing_key.unreadable', { file: v.slice(0, 200), reason: 'invalid path' });
  return isAbsolute(v) ? v : resolve(cwd, v);
}

function nodeIdVar(env: Readonly<Record<string, string | undefined>>, dataDir: string): string {
  const v = env['JAGA_NODE_ID'];
  if (v === undefined || v === '') return `${hostname()}:${dataDir}`.slice(0, 200);
  if (!/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/.test(v)) {
    throw DomainError.of('invalid', 'config.node_id_invalid', { value: v.slice(0, 40) });
  }
  return v;
}

/** `host:port`, `[v6]:port` or `:port`. */
export function parseListenAddress(name: string, text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) {
    throw DomainError.of('invalid', 'config.address_invalid', { name, value: text });
  }
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/**
 * The reverse proxies whose X-Forwarded-For/-Proto Jaga believes: addresses or CIDRs, comma
 * separated. Not a yes/no switch: trusting every hop would let a client forge the source
 * address that Jaga records.
 */
function proxyList(v: string | undefined): string[] {
  if (v === undefined || v.trim() === '') return [];
  return v.split(',').map((x) => x.trim()).map((x) => {
    try {
      return parseCidr(x).text;
    } catch {
      throw DomainError.of('invalid', 'config.trust_proxy_invalid', { value: x });
    }
  });
}

/** JAGA_PUBLIC_URL: an absolute http(s) URL with no query, fragment or credentials; kept without a trailing slash. */
function publicUrlVar(v: string | undefined): string | null {
  if (v === undefined || v.trim() === '') return null;
  const text = v.trim();
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw DomainError.of('invalid', 'config.public_url_invalid', { value: text.slice(0, 200) });
  }
  if (!['http:', 'https:'].includes(u.protocol) || u.search !== '' || u.hash !== '' || text.includes('?') || text.includes('#') || u.username !== '' || u.password !== '') {
    throw DomainError.of('invalid', 'config.public_url_invalid', { value: text.slice(0, 200) });
  }
  return u.toString().replace(/\/+$/, '');
}

function flagVar(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const v = env[name];
  if (v === undefined || v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw DomainError.of('invalid', 'config.flag_invalid', { name, value: v });
}

/**
 * Parses the environment (and `--data-dir`) once into a frozen Config. Bad values are
 * refused with a message, never replaced by a default.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, flags: { dataDir?: string } = {}, cwd = process.cwd()): Config {
  const rawDir = flags.dataDir ?? env['JAGA_DATA_DIR'] ?? 'data';
  if (rawDir.trim() === '' || rawDir.includes('\0')) {
    throw DomainError.of('invalid', 'config.data_dir_invalid', {});
  }
  const dataDir = isAbsolute(rawDir) ? rawDir : resolve(cwd, rawDir);
  const url = env['JAGA_DATABASE_URL'];
  let database: DatabaseLocation;
  if (url === undefined || url === '') {
    database = { dialect: 'sqlite', file: join(dataDir, 'jaga.sqlite') };
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw DomainError.of('invalid', 'config.database_url_invalid', { problem: 'not_a_url' });
    }
    database = { dialect: 'postgres', url };
  } else {
    throw DomainError.of('invalid', 'config.database_url_invalid', { problem: 'not_postgres' });
  }
  const keyFile = signingKeyVar(env, cwd);
  return Object.freeze({ dataDir, database, signingKeyFile: keyFile ?? join(dataDir, 'logbook-signing-key.pem'), signingKeyConfigured: keyFile !== undefined,
    logbook: Object.freeze({ checkpointIntervalSeconds: checkpointIntervalVar(env), witnesses: Object.freeze(parseWitnessList(env['JAGA_WITNESSES'])) }),
    dataKeyFile: join(dataDir, 'data-key'),
    http: Object.freeze({ ...parseListenAddress('JAGA_HTTP_ADDR', env['JAGA_HTTP_ADDR'] ?? '127.0.0.1:8080'),
      cookieSecure: flagVar(env, 'JAGA_COOKIE_SECURE'), trustProxy: proxyList(env['JAGA_TRUST_PROXY']),
      metrics: env['JAGA_METRICS_ADDR'] ? Object.freeze(parseListenAddress('JAGA_METRICS_ADDR', env['JAGA_METRICS_ADDR'])) : null,
      publicUrl: publicUrlVar(env['JAGA_PUBLIC_URL']) }),
    ssh: Object.freeze({ ...parseListenAddress('JAGA_SSH_ADDR', env['JAGA_SSH_ADDR'] ?? '127.0.0.1:2222'),
      hostKeyFile: join(dataDir, 'ssh_host_ed25519_key'), recordingsDir: join(dataDir, 'recordings'),
      idleTimeoutSeconds: secondsVar(env, 'JAGA_SSH_IDLE_TIMEOUT', 1800), nodeId: nodeIdVar(env, dataDir),
      recordingQuotaBytes: bytesVar(env, 'JAGA_SSH_RECORDING_QUOTA', DEFAULT_RECORDING_QUOTA_BYTES),
      totpGraceSeconds: secondsVar(env, 'JAGA_SSH_TOTP_GRACE', 600),
      maskedLinesFlag: countVar(env, 'JAGA_SSH_MASKED_LINES_FLAG', 3) }),
    report: Object.freeze({ evaluationThreshold: percentVar(env, 'JAGA_EVALUATION_THRESHOLD', 80) }),
    mail: loadMailConfig(env),
    // issue 13: the notification outbox
    notify: notifyConfig(env),
    webhooks: loadWebhookConfig(env),
    ops: opsConfig(env),
    // recordings in object storage (issue 14)
    recordingStorage: recordingStorageConfig(env, dataDir) });
}

/** The database location with any password removed, for messages. */
export function describeDatabase(d: DatabaseLocation): string {
  if (d.dialect === 'sqlite') return `SQLite ${d.file}`;
  const u = new URL(d.url);
  u.password = '';
  return `PostgreSQL ${u.toString()}`;
}
