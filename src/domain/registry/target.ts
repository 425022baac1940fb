import { DomainError } from '../errors.js';

/** A server Jaga may open SSH sessions to (host computer / server in the SOP's terms). */
export interface Target {
  readonly id: string;
  readonly name: string;
  readonly unitId: string;
  readonly host: string;
  readonly port: number;
  /** The login account on the target; never root (A1c). */
  readonly loginAccount: string;
  /** Pinned host key, OpenSSH `SHA256:…` form. */
  readonly hostKeyFingerprint: string;
  /** Retired targets are never connected to again; kept because the logbook and cases name them. */
  readonly retiredAt?: string | null;
  readonly createdAt: string;
}

/** Names that are root or the usual aliases of uid 0. */
const ROOT_NAMES = new Set(['root', 'toor', '0', 'admin0', 'superuser']);

/** A1c: the account must not be root or a uid-0 name. `uid` when known (e.g. from the target's passwd). */
export function isRootAccount(account: string, uid?: number): boolean {
  return ROOT_NAMES.has(account.trim().toLowerCase()) || uid === 0;
}

export function requireNonRootAccount(account: string): string {
  if (!/^[a-z_][a-z0-9_.-]{0,31}$/i.test(account)) {
    throw DomainError.of('invalid', 'target.account_invalid', { account });
  }
  if (isRootAccount(account)) {
    throw DomainError.of('precondition', 'access.root_account', { account }, { account });
  }
  return account;
}

export function requireHostKeyFingerprint(fp: string): string {
  if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(fp)) {
    throw DomainError.of('invalid', 'target.host_key_invalid', { fingerprint: fp });
  }
  return fp;
}

export function requireHost(host: string): string {
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host) || host.startsWith('-')) {
    throw DomainError.of('invalid', 'target.host_invalid', { host });
  }
  return host;
}
