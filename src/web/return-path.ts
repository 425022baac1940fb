/** Where relative paths are resolved to check them; never contacted. */
const BASE = 'http://jaga.invalid';

/** The sign-in steps, where the language switch may come back to (with the page they carry). */
const SIGN_IN_PAGE = /^\/sign-in(\/totp|\/enrol)?(\?|$)/;
/** Pages a visitor is never sent back to after signing in (they would loop or act again). */
const NOT_A_DESTINATION = /^\/(sign-in|sign-out|language)(\/|$|\?)/;

/**
 * The page to return to after sign-in (a deep link): a same-origin relative path with its query,
 * or undefined for anything else — another origin, `//host`, a backslash (which browsers read as
 * `/`), control characters, an over-long value, or a sign-in page itself (unless `signInPages`:
 * the language switch comes back to the sign-in step it was pressed on, `next` and all).
 */
export function returnPath(raw: unknown, opts: { signInPages?: boolean } = {}): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\p{Cc}]/u.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  const path = `${url.pathname}${url.search}`;
  if (opts.signInPages && SIGN_IN_PAGE.test(path)) return path;
  return NOT_A_DESTINATION.test(path) ? undefined : path;
}

/** `/sign-in` with the page to come back to, when there is one. */
export function signInPath(next: string | undefined, step: '' | '/totp' | '/enrol' = ''): string {
  return next === undefined || next === '/' ? `/sign-in${step}` : `/sign-in${step}?next=${encodeURIComponent(next)}`;
}
