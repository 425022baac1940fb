import { isRetired } from './retirement.js';

/** Which executor may repair which LPSE unit, optionally only one target of it. */
export interface Grant {
  readonly id: string;
  readonly userId: string;
  readonly unitId: string;
  /** null: every target of the unit. */
  readonly targetId: string | null;
  readonly validUntil: string | null;
  /** A revoked grant covers nothing; kept as history. */
  readonly revokedAt?: string | null;
  readonly createdAt: string;
}

export function grantCovers(g: Grant, unitId: string, targetId: string | null, nowIso: string): boolean {
  if (g.unitId !== unitId || isRetired(g.revokedAt)) return false;
  if (g.validUntil && g.validUntil <= nowIso) return false;
  return g.targetId === null || g.targetId === targetId;
}
