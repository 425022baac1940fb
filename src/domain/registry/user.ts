import type { Role } from '../auth/role.js';
import { UNIT_BOUND_ROLES } from '../auth/role.js';
import { DomainError } from '../errors.js';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** The LPSE unit the user belongs to; null for LKPP-wide roles. */
  readonly unitId: string | null;
  /** Nomor Induk Pegawai (18 digits), printed in signature blocks. */
  readonly nip: string | null;
  readonly active: boolean;
  /** When the user was last deactivated (null or absent: never, or reactivated since). */
  readonly deactivatedAt?: string | null;
  /** Set by a password reset: sign-in then allows only changing the password. */
  readonly passwordChangeRequired?: boolean;
  readonly createdAt: string;
  /** The language the user reads Jaga in; null: their client's choice (Accept-Language), else Indonesian. */
  readonly language: UserLanguage | null;
  /** Where notifications reach the user, normalised (`email-address.ts`); null or absent: none (migration 0012). */
  readonly email?: string | null;
}

/** The languages a user may prefer (the message catalogue's languages). */
export const USER_LANGUAGES = ['id', 'en'] as const;
export type UserLanguage = (typeof USER_LANGUAGES)[number];

/** The credential part of a user record; never leaves the store except to be verified. */
export interface UserCredentials {
  readonly passwordHash: string;
}

export function requireNip(nip: string): string {
  if (!/^\d{18}$/.test(nip)) {
    throw DomainError.of('invalid', 'user.nip_invalid', {}, { nip });
  }
  return nip;
}

/** Unit-bound roles need a unit; the rest may carry one (e.g. an auditor of one LPSE). */
export function checkRoleUnit(role: Role, unitId: string | null): void {
  if (UNIT_BOUND_ROLES.includes(role) && !unitId) {
    throw DomainError.of('invalid', 'user.unit_required', { role }, { role });
  }
}

export const MIN_PASSWORD_LENGTH = 12;

export function requirePasswordLength(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) throw DomainError.of('invalid', 'user.password_too_short', { min: MIN_PASSWORD_LENGTH });
  return password;
}
