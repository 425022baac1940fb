import type { Role } from './role.js';

/** Roles that must pass TOTP to sign in: they execute or approve repairs, or administer the installation. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin_lpse', 'dit_eproc', 'pihak_berwenang', 'koordinator', 'superadmin'];

/** Brute-force limits: after this many wrong passwords within the window, sign-in is locked. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MINUTES = 15;
/** The lock lasts until the window of the last failure has passed. */
export const LOCKOUT_MINUTES = LOGIN_WINDOW_MINUTES;

export const SESSION_IDLE_MINUTES = 30;
export const SESSION_MAX_HOURS = 8;
/** A session that has passed the password but not yet TOTP lives this long. */
export const PENDING_MFA_MINUTES = 5;

export const API_TOKEN_MAX_DAYS = 365;
export const API_TOKEN_SCOPES = ['read', 'full', 'metrics'] as const;
/**
 * `read`: GET only, whatever the user's role allows to read; `full`: everything the role allows;
 * `metrics`: `/metrics` and nothing else (a Prometheus scraper's token).
 */
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const RECOVERY_CODE_COUNT = 10;

/** When a user with `failures` recent failures (newest at `lastFailureAt`) may try again, or null if not locked. */
export function lockedUntil(failures: number, lastFailureAt: string | null): string | null {
  if (failures < LOGIN_MAX_FAILURES || lastFailureAt === null) return null;
  return new Date(Date.parse(lastFailureAt) + LOCKOUT_MINUTES * 60_000).toISOString();
}
