import { DomainError } from '../errors.js';

/** An LPSE unit (instansi); every case and most registry records belong to one. */
export interface LpseUnit {
  readonly id: string;
  /** Short stable code, e.g. `gorontalo-prov`. */
  readonly code: string;
  readonly name: string;
  /** IANA zone used to show times, e.g. `Asia/Makassar` (WITA). */
  readonly timeZone: string;
  /**
   * A national unit (LKPP): its networks admit access to every unit's targets; any other unit's
   * networks admit access to its own targets only.
   */
  readonly national: boolean;
  readonly createdAt: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Makassar';

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function requireTimeZone(zone: string): string {
  if (!isValidTimeZone(zone)) {
    throw DomainError.of('invalid', 'unit.time_zone_invalid', { zone }, { timeZone: zone });
  }
  return zone;
}
