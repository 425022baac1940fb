import { DomainError } from '../../domain/errors.js';
import type { ByteRange } from '../../ports/recording-store.js';

/** The bytes [start, end) a range asks of a recording of `size` bytes, by the rule of RecordingStore.read. */
export function resolveByteRange(key: string, range: ByteRange | undefined, size: number): { start: number; end: number } {
  if (range === undefined) return { start: 0, end: size };
  const { start, end } = range;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!whole(start) || (end !== undefined && !whole(end)) || (end !== undefined && end < start) || start > size) {
    throw DomainError.of('invalid', 'recording.range_invalid', { key, range: `${String(start)}-${String(end ?? '')}`, bytes: size }, { start, end: end ?? null, bytes: size });
  }
  return { start, end: Math.min(end ?? size, size) };
}
