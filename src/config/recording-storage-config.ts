import { join } from 'node:path';
import { DomainError } from '../domain/errors.js';

/** Where recordings live: the data directory (default), or an S3-compatible bucket with a local spool. */
export type RecordingStorageConfig =
  | { readonly kind: 'local'; readonly dir: string }
  | {
    readonly kind: 's3';
    readonly bucket: string;
    /** Prepended to every key (`prefix/key`); '' for none. */
    readonly prefix: string;
    readonly endpoint: { readonly useSSL: boolean; readonly host: string; readonly port: number };
    readonly region: string;
    readonly accessKeyId: string;
    /** Not enumerable: a printed or serialised config never shows it. */
    readonly secretAccessKey: string;
    /** What a running session writes before it is uploaded: `<data dir>/recordings-spool`, owner-only. */
    readonly spoolDir: string;
  };

type Env = Readonly<Record<string, string | undefined>>;

/** The first of the names that is set (not empty), with the name it came from. */
const first = (env: Env, names: readonly string[]): { name: string; value: string } | undefined => {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value: value.trim() };
  }
  return undefined;
};

const required = (env: Env, name: string, alias: string): string => {
  const v = first(env, [name, alias]);
  if (!v) throw DomainError.of('invalid', 'config.s3_variable_missing', { name, alias });
  return v.value;
};

// S3's bucket rule (lower case, 3–63, no `..`); a prefix is key segments (recording-key.ts) without a trailing slash.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** The URL as it may be shown: any user:password part removed. */
const shown = (v: string): string => v.replace(/\/\/[^/@]*@/, '//…@').slice(0, 200);

function parseRecordingsUrl(v: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/?#]+)((?:\/[^?#]*)?)$/.exec(v);
  const bucket = m?.[1] ?? '';
  const prefix = (m?.[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (!m || !BUCKET.test(bucket) || bucket.includes('..') || (prefix !== '' && (prefix.length > 128 || !prefix.split('/').every((s) => PREFIX_SEGMENT.test(s))))) {
    throw DomainError.of('invalid', 'config.recordings_url_invalid', { value: shown(v) });
  }
  return { bucket, prefix };
}

function parseEndpoint(name: string, v: string): { useSSL: boolean; host: string; port: number } {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw DomainError.of('invalid', 'config.s3_endpoint_invalid', { name, value: shown(v) });
  }
  if (!['http:', 'https:'].includes(u.protocol) || u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '' || !['', '/'].includes(u.pathname) || v.includes('?')) {
    throw DomainError.of('invalid', 'config.s3_endpoint_invalid', { name, value: shown(v) });
  }
  const useSSL = u.protocol === 'https:';
  return { useSSL, host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port === '' ? (useSSL ? 443 : 80) : Number(u.port) };
}

/**
 * JAGA_RECORDINGS_URL unset: recordings in `<data dir>/recordings`, as before. `s3://bucket/prefix`:
 * in that bucket, through JAGA_S3_ENDPOINT (or AWS_ENDPOINT_URL_S3; required: an S3-compatible
 * server is named, e.g. `https://s3.ap-southeast-3.amazonaws.com`), JAGA_S3_REGION (or AWS_REGION;
 * default `us-east-1`), JAGA_S3_ACCESS_KEY_ID and JAGA_S3_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY; both required). The JAGA_S3_* name wins when both are set.
 */
export function recordingStorageConfig(env: Env, dataDir: string): RecordingStorageConfig {
  const url = first(env, ['JAGA_RECORDINGS_URL']);
  if (!url) return Object.freeze({ kind: 'local', dir: join(dataDir, 'recordings') });
  const { bucket, prefix } = parseRecordingsUrl(url.value);
  const endpointVar = first(env, ['JAGA_S3_ENDPOINT', 'AWS_ENDPOINT_URL_S3']);
  if (!endpointVar) throw DomainError.of('invalid', 'config.s3_variable_missing', { name: 'JAGA_S3_ENDPOINT', alias: 'AWS_ENDPOINT_URL_S3' });
  const endpoint = Object.freeze(parseEndpoint(endpointVar.name, endpointVar.value));
  const region = first(env, ['JAGA_S3_REGION', 'AWS_REGION'])?.value ?? 'us-east-1';
  const accessKeyId = required(env, 'JAGA_S3_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = required(env, 'JAGA_S3_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY');
  const c = { kind: 's3' as const, bucket, prefix, endpoint, region, accessKeyId, spoolDir: join(dataDir, 'recordings-spool') };
  Object.defineProperty(c, 'secretAccessKey', { value: secretAccessKey, enumerable: false });
  return Object.freeze(c as typeof c & { secretAccessKey: string });
}
