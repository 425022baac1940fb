import type { ApiTokenScope } from '../../domain/auth/sign-in.policy.js';
import type { User } from '../../domain/registry/user.js';

/** Who an HTTP request acts as, after authentication. */
export interface Principal {
  readonly user: User;
  readonly via: 'session' | 'token';
  readonly scope: ApiTokenScope;
  /** Sessions: whether TOTP was passed (or is not needed). Tokens: always true. */
  readonly mfaPassed: boolean;
  /** Sessions only: the hash of the session id, and the CSRF token that unsafe requests must echo. */
  readonly sessionIdHash?: string;
  readonly csrfToken?: string;
  /** Tokens only: when the token expires (a token cannot create one that outlives it). */
  readonly tokenExpiresAt?: string;
}
