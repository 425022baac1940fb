/** Which executor may repair which LPSE unit, optionally only one target of it. */
export interface Grant {
  readonly id: string;
  readonly userId: string;
  readonly unitId: string;
  /** null: every target of the unit. */
  readonly targetId: string | null;
  readonly validUntil: string | null;
  readonly createdAt: string;
}

export function grantCovers(g: Grant, unitId: string, targetId: string | null, nowIso: string): boolean {
  if (g.unitId !== unitId) return false;
  if (g.validUntil && g.validUntil <= nowIso) return false;
  return g.targetId === null || g.targetId === targetId;
}
