import { DomainError } from '../../domain/errors.js';

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY = 255;
/** Suffixes an adapter may use beside a recording (local: its in-progress marker and its digest). */
export const RESERVED_SUFFIXES = ['.writing', '.sha256'] as const;

/** A key as it may be shown in a message: bounded, so a hostile name cannot flood a log line. */
const shown = (key: string): string => (key.length > 120 ? `${key.slice(0, 120)}…` : key);

/**
 * Checks a recording key (grammar in ports/recording-store.ts) and returns its segments. The
 * same rule for every adapter: what one store refuses, none accepts.
 */
export function recordingKeySegments(key: string): string[] {
  const segments = key.split('/');
  // Names that would climb out of the store, or start at the root, are refused as today's download refused them.
  if (key.startsWith('/') || segments.some((s) => s === '..')) throw DomainError.of('precondition', 'recording.path_refused', { file: shown(key) }, { file: shown(key) });
  if (key.length === 0 || key.length > MAX_KEY || !segments.every((s) => SEGMENT.test(s)) || RESERVED_SUFFIXES.some((x) => key.endsWith(x))) {
    throw DomainError.of('invalid', 'recording.key_invalid', { key: shown(key) }, { key: shown(key) });
  }
  return segments;
}

/** Whether `key` is a key by {@link recordingKeySegments} (a listing skips what is not). */
export function isRecordingKey(key: string): boolean {
  try {
    recordingKeySegments(key);
    return true;
  } catch {
    return false;
  }
}

/** Checks a listing prefix: a key, or the start of one (may be empty, may end in `/` or mid-name). */
export function recordingPrefixSegments(prefix: string): { dirs: string[]; rest: string } {
  if (prefix === '') return { dirs: [], rest: '' };
  const dirs = prefix.split('/');
  const rest = dirs.pop() as string;
  // Checked as a key whose last name is at least one character long ("anything in that directory" when empty).
  recordingKeySegments([...dirs, rest || '_'].join('/'));
  return { dirs, rest };
}
