import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../../domain/auth/role.js';
import type { Grant } from '../../../domain/registry/grant.js';
import type { Network, NetworkKind } from '../../../domain/registry/network.js';
import type { Target } from '../../../domain/registry/target.js';
import type { LpseUnit } from '../../../domain/registry/unit.js';
import type { User } from '../../../domain/registry/user.js';
import type { Workstation } from '../../../domain/registry/workstation.js';
import type {
  GrantRepository, NetworkRepository, TargetRepository, UnitRepository, UserRepository, WorkstationRepository,
} from '../../../ports/repositories.js';
import type { Database, UserRow } from '../schema.js';
import { insertUnique } from '../unique-violation.js';

type Db = Kysely<Database>;

type Lookup<T> = (key: string) => Promise<T | undefined>;
/**
 * A registry's three lookups from one query by column: by id, by its natural key (code, username,
 * name, asset tag), and — for what a person typed — by either, the natural key first (ids are
 * generated and never collide with a name in practice; if one did, the name the person meant wins).
 */
function lookups<T, C extends string, R>(byColumn: (column: 'id' | C, key: string) => Promise<T | undefined>, natural: C,
  name: (f: { id: Lookup<T>; key: Lookup<T>; either: Lookup<T> }) => R): R {
  const id: Lookup<T> = (k) => byColumn('id', k);
  const key: Lookup<T> = (k) => byColumn(natural, k);
  return name({ id, key, either: async (k) => (await key(k)) ?? id(k) });
}

export function unitRepository(db: Db): UnitRepository {
  const map = (r: Selectable<Database['units']>): LpseUnit =>
    ({ id: r.id, code: r.code, name: r.name, timeZone: r.time_zone, national: r.national === 1, createdAt: r.created_at });
  return {
    insert: (u) => insertUnique('unit', u.code, () => db.insertInto('units')
      .values({ id: u.id, code: u.code, name: u.name, time_zone: u.timeZone, national: u.national ? 1 : 0, created_at: u.createdAt }).execute()),
    ...lookups(async (column, k) => {
      const r = await db.selectFrom('units').selectAll().where(column, '=', k).executeTakeFirst();
      return r && map(r);
    }, 'code', (f) => ({ findById: f.id, findByCode: f.key, findByIdOrCode: f.either })),
    list: async () => (await db.selectFrom('units').selectAll().orderBy('code').execute()).map(map),
  };
}

const mapUser = (r: UserRow): User => ({
  id: r.id, username: r.username, displayName: r.display_name, role: r.role as Role, unitId: r.unit_id, nip: r.nip,
  active: r.active === 1, deactivatedAt: r.deactivated_at, passwordChangeRequired: r.password_change_required === 1, createdAt: r.created_at,
  language: r.language === 'id' || r.language === 'en' ? r.language : null, email: r.email,
});

export function userRepository(db: Db): UserRepository {
  return {
    insert: (u, passwordHash) => insertUnique('user', u.username, () => db.insertInto('users').values({
      id: u.id, username: u.username, display_name: u.displayName, role: u.role, unit_id: u.unitId, nip: u.nip,
      password_hash: passwordHash, active: u.active ? 1 : 0, deactivated_at: u.deactivatedAt ?? null,
      password_change_required: u.passwordChangeRequired ? 1 : 0, created_at: u.createdAt, language: u.language,
      email: u.email ?? null,
    }).execute()),
    setEmail: async (id, email) => { await db.updateTable('users').set({ email }).where('id', '=', id).execute(); },
    setLanguage: async (id, language) => { await db.updateTable('users').set({ language }).where('id', '=', id).execute(); },
    ...lookups(async (column, k) => {
      const r = await db.selectFrom('users').selectAll().where(column, '=', k).executeTakeFirst();
      return r && mapUser(r);
    }, 'username', (f) => ({ findById: f.id, findByUsername: f.key, findByIdOrUsername: f.either })),
    findPasswordHash: async (id) => (await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst())?.password_hash,
    list: async (f) => (await db.selectFrom('users').selectAll()
      .$if(f?.unitId !== undefined, (q) => q.where('unit_id', '=', f?.unitId ?? null)).orderBy('username').execute()).map(mapUser),
    setActive: async (id, active, at) => {
      await db.updateTable('users').set(active ? { active: 1 } : { active: 0, deactivated_at: at }).where('id', '=', id).execute();
    },
    setPassword: async (id, passwordHash, changeRequired) => {
      await db.updateTable('users').set({ password_hash: passwordHash, password_change_required: changeRequired ? 1 : 0 }).where('id', '=', id).execute();
    },
  };
}

export function networkRepository(db: Db): NetworkRepository {
  const map = (r: Selectable<Database['networks']>): Network => ({
    id: r.id, name: r.name, unitId: r.unit_id, kind: r.kind as NetworkKind, cidrs: JSON.parse(r.cidrs) as string[],
    intranet: r.intranet === 1, publicOffice: r.public_office === 1, retiredAt: r.retired_at, createdAt: r.created_at,
  });
  return {
    insert: (n) => insertUnique('network', n.name, () => db.insertInto('networks').values({
      id: n.id, name: n.name, unit_id: n.unitId, kind: n.kind, cidrs: JSON.stringify(n.cidrs), intranet: n.intranet ? 1 : 0,
      public_office: n.publicOffice ? 1 : 0, created_at: n.createdAt,
    }).execute()),
    ...lookups(async (column, k) => {
      const r = await db.selectFrom('networks').selectAll().where(column, '=', k).executeTakeFirst();
      return r && map(r);
    }, 'name', (f) => ({ findById: f.id, findByName: f.key, findByIdOrName: f.either })),
    list: async (opts) => (await db.selectFrom('networks').selectAll()
      .$if(!opts?.includeRetired, (q) => q.where('retired_at', 'is', null)).orderBy('name').execute()).map(map),
    update: async (n) => {
      await db.updateTable('networks')
        .set({ unit_id: n.unitId, kind: n.kind, cidrs: JSON.stringify(n.cidrs), intranet: n.intranet ? 1 : 0, public_office: n.publicOffice ? 1 : 0 })
        .where('id', '=', n.id).execute();
    },
    retire: async (id, at) => { await db.updateTable('networks').set({ retired_at: at }).where('id', '=', id).execute(); },
  };
}

export function workstationRepository(db: Db): WorkstationRepository {
  const load = async (r: Selectable<Database['workstations']> | undefined): Promise<Workstation | undefined> => {
    if (!r) return undefined;
    const keys = await db.selectFrom('workstation_keys').select(['public_key', 'fingerprint', 'revoked_at'])
      .where('workstation_id', '=', r.id).orderBy('created_at').orderBy('fingerprint').execute();
    return {
      id: r.id, assetTag: r.asset_tag, serialNumber: r.serial_number, ownerUnitId: r.owner_unit_id, assignedUserId: r.assigned_user_id,
      organisationOwned: r.organisation_owned === 1, retiredAt: r.retired_at, createdAt: r.created_at,
      sshKeys: keys.filter((k) => k.revoked_at === null).map((k) => ({ publicKey: k.public_key, fingerprint: k.fingerprint })),
      revokedKeys: keys.flatMap((k) => (k.revoked_at === null ? [] : [{ publicKey: k.public_key, fingerprint: k.fingerprint, revokedAt: k.revoked_at }])),
    };
  };
  const addKey: WorkstationRepository['addKey'] = (workstationId, key, at) =>
    insertUnique('ssh_key', key.fingerprint, () => db.insertInto('workstation_keys')
      .values({ fingerprint: key.fingerprint, workstation_id: workstationId, public_key: key.publicKey, created_at: at }).execute());
  return {
    insert: async (w) => {
      await insertUnique('workstation_asset_tag', w.assetTag, () => db.insertInto('workstations').values({
        id: w.id, asset_tag: w.assetTag, serial_number: w.serialNumber, owner_unit_id: w.ownerUnitId, assigned_user_id: w.assignedUserId,
        organisation_owned: w.organisationOwned ? 1 : 0, created_at: w.createdAt,
      }).execute());
      for (const k of w.sshKeys) await addKey(w.id, k, w.createdAt);
    },
    ...lookups(async (column, k) => load(await db.selectFrom('workstations').selectAll().where(column, '=', k).executeTakeFirst()),
      'asset_tag', (f) => ({ findById: f.id, findByAssetTag: f.key, findByIdOrAssetTag: f.either })),
    findByKeyFingerprint: async (fp) => {
      const key = await db.selectFrom('workstation_keys').select('workstation_id').where('fingerprint', '=', fp).where('revoked_at', 'is', null).executeTakeFirst();
      return key && load(await db.selectFrom('workstations').selectAll().where('id', '=', key.workstation_id).where('retired_at', 'is', null).executeTakeFirst());
    },
    addKey,
    revokeKey: async (workstationId, fp, at) => {
      await db.updateTable('workstation_keys').set({ revoked_at: at }).where('workstation_id', '=', workstationId).where('fingerprint', '=', fp).execute();
    },
    retire: async (id, at) => { await db.updateTable('workstations').set({ retired_at: at }).where('id', '=', id).execute(); },
    list: async () => {
      const rows = await db.selectFrom('workstations').selectAll().orderBy('asset_tag').execute();
      const out: Workstation[] = [];
      for (const r of rows) out.push((await load(r)) as Workstation);
      return out;
    },
  };
}

export function targetRepository(db: Db): TargetRepository {
  const map = (r: Selectable<Database['targets']>): Target => ({
    id: r.id, name: r.name, unitId: r.unit_id, host: r.host, port: r.port, loginAccount: r.login_account,
    hostKeyFingerprint: r.host_key_fingerprint, retiredAt: r.retired_at, createdAt: r.created_at,
  });
  return {
    insert: (t) => insertUnique('target', t.name, () => db.insertInto('targets').values({
      id: t.id, name: t.name, unit_id: t.unitId, host: t.host, port: t.port, login_account: t.loginAccount,
      host_key_fingerprint: t.hostKeyFingerprint, created_at: t.createdAt,
    }).execute()),
    ...lookups(async (column, k) => {
      const r = await db.selectFrom('targets').selectAll().where(column, '=', k).executeTakeFirst();
      return r && map(r);
    }, 'name', (f) => ({ findById: f.id, findByName: f.key, findByIdOrName: f.either })),
    list: async (opts) => (await db.selectFrom('targets').selectAll()
      .$if(!opts?.includeRetired, (q) => q.where('retired_at', 'is', null)).orderBy('name').execute()).map(map),
    update: async (t) => {
      await db.updateTable('targets').set({ host: t.host, port: t.port, login_account: t.loginAccount, host_key_fingerprint: t.hostKeyFingerprint })
        .where('id', '=', t.id).execute();
    },
    retire: async (id, at) => { await db.updateTable('targets').set({ retired_at: at }).where('id', '=', id).execute(); },
  };
}

const mapGrant = (r: Selectable<Database['grants']>): Grant => ({
  id: r.id, userId: r.user_id, unitId: r.unit_id, targetId: r.target_id, validUntil: r.valid_until, revokedAt: r.revoked_at, createdAt: r.created_at,
});

export function grantRepository(db: Db): GrantRepository {
  return {
    insert: async (g) => { await db.insertInto('grants').values({
      id: g.id, user_id: g.userId, unit_id: g.unitId, target_id: g.targetId, valid_until: g.validUntil, created_at: g.createdAt,
    }).execute(); },
    findById: async (id) => {
      const r = await db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
      return r && mapGrant(r);
    },
    listForUser: async (userId) => (await db.selectFrom('grants').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null)
      .orderBy('created_at').execute()).map(mapGrant),
    list: async () => (await db.selectFrom('grants').selectAll().orderBy('created_at').orderBy('id').execute()).map(mapGrant),
    revoke: async (id, at) => { await db.updateTable('grants').set({ revoked_at: at }).where('id', '=', id).execute(); },
  };
}
