/**
 * The Content-Security-Policy of every page (issue 11): Jaga's own files only, nothing inline,
 * no plugins, no <base>, never framed. Pages that play recordings will add `'wasm-unsafe-eval'`.
 */
export const PAGE_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
} as const;

/**
 * helmet's per-route options for a page: exactly these directives (helmet's defaults left out),
 * and `Referrer-Policy: same-origin` instead of `no-referrer`: under `no-referrer` a browser sends
 * `Origin: null` with a form's POST, and the pages refuse a POST that does not name their origin.
 */
export const PAGE_HELMET = {
  contentSecurityPolicy: { useDefaults: false, directives: { ...PAGE_CSP_DIRECTIVES } },
  referrerPolicy: { policy: 'same-origin' as const },
};

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The same policy as a header value, written as helmet writes it (`;` without a space), for the
 * answers no route's helmet options reach (the not-found page).
 */
export const PAGE_CSP = Object.entries(PAGE_CSP_DIRECTIVES).map(([k, v]) => `${kebab(k)} ${v.join(' ')}`).join(';');
