import { DomainError } from '../errors.js';

export const ROLES = ['pelapor', 'admin_lpse', 'dit_eproc', 'pihak_berwenang', 'koordinator', 'auditor', 'superadmin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that execute B1–B6 (Kualifikasi Pelaksana). */
export const EXECUTOR_ROLES: readonly Role[] = ['admin_lpse', 'dit_eproc', 'pihak_berwenang'];
/** Roles whose every record belongs to one LPSE unit. */
export const UNIT_BOUND_ROLES: readonly Role[] = ['pelapor', 'admin_lpse', 'koordinator'];

export function parseRole(text: string): Role {
  if ((ROLES as readonly string[]).includes(text)) return text as Role;
  throw DomainError.of('invalid', 'user.role_unknown', { role: text }, { role: text });
}

export const isExecutorRole = (r: Role): boolean => EXECUTOR_ROLES.includes(r);
