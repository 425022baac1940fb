import { DomainError } from '../errors.js';

/** A witness as configured (`JAGA_WITNESSES`, `jaga logbook verify --witness`). */
export type WitnessLocation =
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'http'; readonly url: string };

/** The value as a message may show it: whatever stands before an `@` in a URL could be a password. */
const shown = (v: string): string => v.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1…@').slice(0, 200);

/** `dir:/absolute/path` or an `https://…` / `http://…` URL of a `jaga witness serve`. */
export function parseWitnessLocation(text: string): WitnessLocation {
  const v = text.trim();
  if (v.startsWith('dir:')) {
    const path = v.slice(4);
    if (!path.startsWith('/') || path.includes('\0')) throw DomainError.of('invalid', 'witness.location_invalid', { value: shown(v) });
    return { kind: 'dir', path };
  }
  if (/^https?:\/\//.test(v)) {
    try {
      const u = new URL(v);
      // Credentials in the URL would end up in logs and messages.
      if (u.username === '' && u.password === '') return { kind: 'http', url: u.toString() };
    } catch {
      // refused below
    }
  }
  throw DomainError.of('invalid', 'witness.location_invalid', { value: shown(v) });
}

/** A comma-separated list of witnesses; empty: none. */
export const parseWitnessList = (text: string | undefined): WitnessLocation[] =>
  (text ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '').map(parseWitnessLocation);

export const witnessName = (w: WitnessLocation): string => (w.kind === 'dir' ? `dir:${w.path}` : w.url);
