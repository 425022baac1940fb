import type { Grant } from '../domain/registry/grant.js';
import type { Network } from '../domain/registry/network.js';
import { publicOfficeCidrs } from '../domain/registry/network.js';
import { isRetired } from '../domain/registry/retirement.js';
import type { Target } from '../domain/registry/target.js';
import type { LpseUnit } from '../domain/registry/unit.js';
import type { User } from '../domain/registry/user.js';
import type { Workstation } from '../domain/registry/workstation.js';
import { t } from '../messages/catalogue.js';
import type { Lang } from '../messages/lang.js';
import type { UiKey } from '../messages/ui-messages.js';
import { terminalSafe } from './terminal-safe.js';

/** Resolves the ids a registry entry holds to the names people use; an id the reader may not see stays an id. */
export interface RegistryNames {
  readonly units: readonly LpseUnit[];
  readonly users: readonly User[];
  readonly targets: readonly Target[];
}

const byId = <T extends { id: string }>(items: readonly T[], id: string | null, label: (x: T) => string): string | null =>
  id === null ? null : (() => { const x = items.find((i) => i.id === id); return x ? label(x) : id; })();

/*
 * Registry rows as a person reads them: names instead of ids, and a status that says whether the
 * entry is still in service. The same rows are the CLI's `--json` output and its text lines.
 */
export const userRow = (u: User, n: RegistryNames) => ({
  username: u.username, displayName: u.displayName, role: u.role, unit: byId(n.units, u.unitId, (x) => x.code), nip: u.nip,
  status: u.active ? 'active' as const : 'deactivated' as const, deactivatedAt: u.active ? null : u.deactivatedAt ?? null,
  passwordChangeRequired: u.passwordChangeRequired === true, createdAt: u.createdAt, email: u.email ?? null,
});
export const unitRow = (u: LpseUnit) => ({ code: u.code, name: u.name, timeZone: u.timeZone, national: u.national, createdAt: u.createdAt });
const service = (retiredAt: string | null | undefined) =>
  ({ status: isRetired(retiredAt) ? 'retired' as const : 'in_service' as const, retiredAt: retiredAt ?? null });
/**
 * An office network with public ranges carries a warning wherever it is shown: confirmed
 * (`--public-office`), or registered before the confirmation existed (`confirmed: false`).
 */
export interface NetworkWarning { readonly code: 'public_office'; readonly cidrs: readonly string[]; readonly confirmed: boolean }
export function networkWarning(x: Pick<Network, 'kind' | 'cidrs' | 'publicOffice'>): NetworkWarning | null {
  const cidrs = publicOfficeCidrs(x);
  return cidrs.length === 0 ? null : { code: 'public_office', cidrs, confirmed: x.publicOffice };
}
export const networkRow = (x: Network, n: RegistryNames) => ({
  name: x.name, unit: byId(n.units, x.unitId, (u) => u.code), national: n.units.find((u) => u.id === x.unitId)?.national === true,
  kind: x.kind, cidrs: x.cidrs, intranet: x.intranet, publicOffice: x.publicOffice, warning: networkWarning(x), ...service(x.retiredAt), createdAt: x.createdAt,
});
export const workstationRow = (w: Workstation, n: RegistryNames) => ({
  assetTag: w.assetTag, serialNumber: w.serialNumber, ownerUnit: byId(n.units, w.ownerUnitId, (u) => u.code),
  assignedUser: byId(n.users, w.assignedUserId, (u) => u.username), organisationOwned: w.organisationOwned, ...service(w.retiredAt),
  keys: [...w.sshKeys.map((k) => ({ fingerprint: k.fingerprint, publicKey: k.publicKey, status: 'active' as const, revokedAt: null })),
    ...(w.revokedKeys ?? []).map((k) => ({ fingerprint: k.fingerprint, publicKey: k.publicKey, status: 'revoked' as const, revokedAt: k.revokedAt }))],
  createdAt: w.createdAt,
});
export const targetRow = (x: Target, n: RegistryNames) => ({
  name: x.name, unit: byId(n.units, x.unitId, (u) => u.code), host: x.host, port: x.port, loginAccount: x.loginAccount,
  hostKeyFingerprint: x.hostKeyFingerprint, ...service(x.retiredAt), createdAt: x.createdAt,
});
/** Grants have no name: the id is what `jaga grant revoke` takes. */
export const grantRow = (g: Grant, n: RegistryNames, now: string) => ({
  id: g.id, user: byId(n.users, g.userId, (u) => u.username), unit: byId(n.units, g.unitId, (u) => u.code),
  target: byId(n.targets, g.targetId, (x) => x.name), validUntil: g.validUntil,
  status: isRetired(g.revokedAt) ? 'revoked' as const : g.validUntil !== null && g.validUntil <= now ? 'expired' as const : 'active' as const,
  revokedAt: g.revokedAt ?? null, createdAt: g.createdAt,
});

/** Names and free text were typed by someone else: no control character reaches the terminal. */
const safe = (s: string | null): string => terminalSafe(s ?? '—');
/** A word in the reader's language; without one, the pair `id/en` (`aktif/active`). */
const word = (key: UiKey, lang: Lang | undefined): string => (lang ? t(lang, key as never) : `${t('id', key as never)}/${t('en', key as never)}`);
const STATUS: Record<string, UiKey> = {
  active: 'cli.registry.active', deactivated: 'cli.registry.deactivated', retired: 'cli.registry.retired', revoked: 'cli.registry.revoked',
  expired: 'cli.registry.expired',
};
const status = (s: string, lang: Lang | undefined): string => (STATUS[s] ? word(STATUS[s], lang) : '');
/** Cells two spaces apart; an empty cell (a flag that is not set) is left out, an unknown value shows as —. */
const line = (...cells: (string | null)[]): string => cells.filter((c) => c !== '').map(safe).join('  ');

/*
 * The text lines, in the reader's language (`lang`); without one, each word as `id/en`.
 */
export const userLine = (r: ReturnType<typeof userRow>, lang?: Lang): string =>
  line(r.username, r.role, r.unit ?? word('cli.registry.all_units', lang), status(r.status, lang),
    r.passwordChangeRequired ? word('cli.registry.must_change_password', lang) : '', r.displayName);
export const unitLine = (r: ReturnType<typeof unitRow>, lang?: Lang): string =>
  line(r.code, r.timeZone, r.national ? word('cli.registry.national', lang) : '', r.name);
/** The warning of a public office network, for every place a network is shown in text (both languages without one chosen). */
export const networkWarningText = (w: NetworkWarning, lang?: Lang): string =>
  (lang ? [lang] : ['id', 'en'] as const).map((l) => t(l, 'network.public_office_warning', { cidrs: w.cidrs.join(','), confirmed: w.confirmed })).join(' / ');
export const networkLine = (r: ReturnType<typeof networkRow>, lang?: Lang): string =>
  line(r.name, r.kind, r.intranet ? 'intranet' : '', r.unit ?? '—', r.national ? word('cli.registry.national', lang) : '', r.cidrs.join(','),
    r.status === 'retired' ? status('retired', lang) : '', r.warning ? networkWarningText(r.warning, lang) : '');
export const workstationLine = (r: ReturnType<typeof workstationRow>, lang?: Lang): string => [
  line(r.assetTag, r.serialNumber, r.ownerUnit, r.assignedUser, r.organisationOwned ? '' : word('cli.registry.not_owned', lang),
    r.status === 'retired' ? status('retired', lang) : ''),
  ...r.keys.map((k) => `    ${line(k.fingerprint, k.status === 'revoked' ? status('revoked', lang) : '')}`),
].join('\n');
export const targetLine = (r: ReturnType<typeof targetRow>, lang?: Lang): string =>
  line(r.name, r.unit, `${r.loginAccount}@${r.host}:${r.port}`, r.hostKeyFingerprint, r.status === 'retired' ? status('retired', lang) : '');
export const grantLine = (r: ReturnType<typeof grantRow>, lang?: Lang): string =>
  line(r.id, r.user, r.unit, r.target ?? word('cli.registry.all_targets', lang), r.validUntil ? `${word('cli.registry.until', lang)} ${r.validUntil}` : '',
    status(r.status, lang));
