import type { Child } from 'hono/jsx';
import type { RegistryName } from '../../domain/auth/registry.policy.js';
import { NETWORK_KINDS } from '../../domain/registry/network.js';
import { DEFAULT_TIME_ZONE } from '../../domain/registry/unit.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import { formatDateTime } from '../../presenters/format-time.js';
import type { grantRow, networkRow, targetRow, unitRow, userRow, workstationRow } from '../../presenters/registry-list.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import type { Choice } from './form-controls.js';
import { SelectField, TextArea, TextInput } from './form-controls.js';
import type { AdminScan } from './admin-forms.js';
import {
  AddKeyForm, CheckField, NetworkEditFields, NewEntry, ScanHostKeyForm, ScanPanel, TargetEditFields, TargetForm, UnitForm, UserEmailForm, UserForm, WorkstationForm,
} from './admin-forms.js';
import { FormToken, Layout } from './layout.js';

/** The registries in the order the index lists them. */
export const ADMIN_REGISTRIES: readonly RegistryName[] = ['units', 'users', 'networks', 'workstations', 'targets', 'grants'];

/** A user's lifecycle moves on the users page; `enrolment-code` needs no reason. */
export const USER_VERBS = ['deactivate', 'reactivate', 'reset-password', 'reset-totp', 'unlock', 'enrolment-code'] as const;
export type UserVerb = (typeof USER_VERBS)[number];

/** What the registry pages show: the rows as the CLI's `jaga <registry> list` has them, plus what a form needs. */
export interface AdminData {
  readonly units: readonly ReturnType<typeof unitRow>[];
  readonly users?: readonly (ReturnType<typeof userRow> & { readonly mayEnrol: boolean })[];
  readonly networks?: readonly ReturnType<typeof networkRow>[];
  readonly workstations?: readonly ReturnType<typeof workstationRow>[];
  readonly targets?: readonly (ReturnType<typeof targetRow> & { readonly credential: { kind: 'private_key' | 'password'; updatedAt: string } | null })[];
  readonly grants?: readonly ReturnType<typeof grantRow>[];
  /** Choices of the grant form: executors, units, targets (names). */
  readonly executors?: readonly string[];
  readonly targetNames?: readonly string[];
  /** Choices of the workstation form: the active users (names). */
  readonly userNames?: readonly string[];
}

/** A refused form: which one (`<verb> <subject>`), what was typed, the API's messages by field. */
export interface AdminFormState {
  readonly key: string;
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly errors: FormErrors<string>;
}

/** A secret shown once, on the page answering the form that made it. */
export interface AdminSecret {
  readonly kind: 'password' | 'enrolment_code';
  readonly username: string;
  readonly value: string;
  readonly expiresAt?: { iso: string; timeZone: string };
}

export interface AdminPageProps {
  readonly visitor: SignedIn;
  readonly registry: RegistryName;
  readonly data: AdminData;
  /** The visitor may change registries (superadmin): the forms are shown. */
  readonly changes: boolean;
  readonly form?: AdminFormState | undefined;
  /** The notice of the move just made (from the short-lived cookie). */
  readonly done?: string | undefined;
  readonly secret?: AdminSecret | undefined;
  /** A host key just read, waiting for confirmation (a target to register or to re-pin). */
  readonly scan?: AdminScan | undefined;
}

const adminPath = (r: RegistryName): string => `/admin/${r}`;
const enc = encodeURIComponent;
/** A name as a piece of an element id (one form per entry on a page). */
const slugOf = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, '_');

/** The time zone of the unit named by its code (the default zone for none or an unknown one). */
function zoneOf(units: AdminData['units'], code: string | null): string {
  return units.find((u) => u.code === code)?.timeZone ?? DEFAULT_TIME_ZONE;
}

function When({ iso, zone, lang }: { iso: string | null; zone: string; lang: Lang }) {
  return iso === null ? <span>—</span> : <time datetime={iso}>{formatDateTime(iso, zone, lang)}</time>;
}

/** An entry out of service, said in words (and styled), never by colour alone. */
function Status({ lang, status }: { lang: Lang; status: string }) {
  const word: Record<string, string> = {
    active: t(lang, 'web.admin.status.active'), in_service: t(lang, 'web.admin.status.in_service'), deactivated: t(lang, 'web.admin.status.deactivated'),
    retired: t(lang, 'web.admin.status.retired'), revoked: t(lang, 'web.admin.status.revoked'), expired: t(lang, 'web.admin.status.expired'),
  };
  const live = status === 'active' || status === 'in_service';
  return <span class={live ? 'badge reg-live' : 'badge reg-out'}>{word[status] ?? status}</span>;
}

function Fact({ label, children, wide = false }: { label: string; children: Child; wide?: boolean }) {
  return <div class={wide ? 'wide' : undefined}><dt>{label}</dt><dd>{children}</dd></div>;
}

/** One reason-only form (retire, revoke, a user's lifecycle move): the reason's field with the API's message beside it. */
function ReasonForm({ visitor, action, formKey, label, button, danger = false, form, extra }: {
  visitor: SignedIn; action: string; formKey: string; label: string; button: string; danger?: boolean; form?: AdminFormState | undefined; extra?: Child;
}) {
  const { lang } = visitor;
  const mine = form?.key === formKey;
  const id = `reason-${formKey.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <form method="post" action={action} class="stack admin-form">
      <FormToken visitor={visitor} />
      {extra}
      <TextArea name="reason" id={id} label={`${label}: ${t(lang, 'web.admin.reason')}`} rows={2} maxlength={500} required
        value={mine ? form.values['reason'] : undefined} error={mine ? form.errors['reason'] : undefined} />
      <button type="submit" class={danger ? 'danger' : undefined}>{button}</button>
    </form>
  );
}

/** Each entry's forms behind its own disclosure (open when one of them was just refused): a list stays readable on a phone. */
function Actions({ lang, subject, open, children }: { lang: Lang; subject: string; open: boolean; children: Child }) {
  return (
    <details class="admin-actions" open={open}>
      <summary>{t(lang, 'web.admin.actions_for', { name: subject })}</summary>
      {children}
    </details>
  );
}

/**
 * One entry's out-of-service move (retire, revoke) behind its disclosure, after its other forms
 * (`before`: an edit, a key to add), the disclosure open when one of `openFor` was just refused.
 */
function OneAction({ visitor, subject, action, formKey, label, form, extra, before, openFor = [] }: {
  visitor: SignedIn; subject: string; action: string; formKey: string; label: string; form?: AdminFormState | undefined; extra?: Child;
  before?: Child; openFor?: readonly string[];
}) {
  return (
    <Actions lang={visitor.lang} subject={subject} open={form !== undefined && [formKey, ...openFor].includes(form.key)}>
      {before}
      <ReasonForm visitor={visitor} action={action} formKey={formKey} label={label} button={label} danger form={form} extra={extra} />
    </Actions>
  );
}

function UsersList({ visitor, data, changes, form }: AdminPageProps) {
  const { lang } = visitor;
  return (
    <ul class="reg-list">
      {(data.users ?? []).map((u) => {
        const zone = zoneOf(data.units, u.unit);
        const key = (verb: UserVerb) => `${verb} ${u.username}`;
        const action = (verb: UserVerb) => `/admin/users/${enc(u.username)}/${verb}`;
        const reasonForm = (verb: Exclude<UserVerb, 'enrolment-code'>, danger = false) => (
          <ReasonForm visitor={visitor} action={action(verb)} formKey={key(verb)} label={t(lang, `web.admin.user.${verb}`)}
            button={t(lang, `web.admin.user.${verb}`)} danger={danger} form={form} />
        );
        const self = u.username === visitor.principal.user.username;
        return (
          <li class={u.status === 'active' ? 'panel reg-entry' : 'panel reg-entry reg-entry-out'}>
            <h2>{u.username} <Status lang={lang} status={u.status} /></h2>
            <dl class="case-facts summary">
              <Fact label={t(lang, 'web.admin.field.display_name')}>{u.displayName}</Fact>
              <Fact label={t(lang, 'web.admin.field.role')}>{t(lang, `report.form.role.${u.role}`)}</Fact>
              <Fact label={t(lang, 'web.admin.field.unit')}>{u.unit ?? t(lang, 'web.admin.all_units')}</Fact>
              <Fact label={t(lang, 'web.admin.field.nip')}>{u.nip ?? '—'}</Fact>
              <Fact label={t(lang, 'web.notifications.email')}>{u.email ?? '—'}</Fact>
              <Fact label={t(lang, 'web.admin.field.created')}><When iso={u.createdAt} zone={zone} lang={lang} /></Fact>
              {u.status === 'deactivated' && <Fact label={t(lang, 'web.admin.field.deactivated')}><When iso={u.deactivatedAt} zone={zone} lang={lang} /></Fact>}
              {u.passwordChangeRequired && <Fact label={t(lang, 'web.admin.field.password')}>{t(lang, 'web.admin.must_change_password')}</Fact>}
            </dl>
            {(changes || u.mayEnrol) && (
              <Actions lang={lang} subject={u.username} open={form?.key.endsWith(` ${u.username}`) ?? false}>
                {changes && !self && (u.status === 'active' ? reasonForm('deactivate', true) : reasonForm('reactivate'))}
                {changes && reasonForm('reset-password', true)}
                {changes && reasonForm('reset-totp', true)}
                {changes && reasonForm('unlock')}
                {changes && <UserEmailForm visitor={visitor} username={u.username} email={u.email} slug={slugOf(u.username)} form={form} />}
                {u.mayEnrol && (
                  <form method="post" action={action('enrolment-code')} class="stack admin-form">
                    <FormToken visitor={visitor} />
                    <p class="muted small">{t(lang, 'web.admin.user.enrolment_hint')}</p>
                    <button type="submit">{t(lang, 'web.admin.user.enrolment-code')}</button>
                  </form>
                )}
              </Actions>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function UnitsList({ visitor, data }: AdminPageProps) {
  const { lang } = visitor;
  return (
    <ul class="reg-list">
      {data.units.map((u) => (
        <li class="panel reg-entry">
          <h2>{u.code}</h2>
          <dl class="case-facts summary">
            <Fact label={t(lang, 'web.admin.field.name')}>{u.name}</Fact>
            <Fact label={t(lang, 'web.admin.field.time_zone')}>{u.timeZone}</Fact>
            <Fact label={t(lang, 'web.admin.field.national')}>{t(lang, u.national ? 'web.admin.yes' : 'web.admin.no')}</Fact>
            <Fact label={t(lang, 'web.admin.field.created')}><When iso={u.createdAt} zone={u.timeZone} lang={lang} /></Fact>
          </dl>
        </li>
      ))}
    </ul>
  );
}

function NetworksList({ visitor, data, changes, form }: AdminPageProps) {
  const { lang } = visitor;
  return (
    <ul class="reg-list">
      {(data.networks ?? []).map((n) => {
        const zone = zoneOf(data.units, n.unit);
        const key = `retire ${n.name}`;
        return (
          <li class={n.status === 'retired' ? 'panel reg-entry reg-entry-out' : 'panel reg-entry'}>
            <h2>{n.name} <Status lang={lang} status={n.status} /></h2>
            <dl class="case-facts summary">
              <Fact label={t(lang, 'web.admin.field.unit')}>{n.unit ?? '—'}{n.national ? ` (${t(lang, 'web.admin.field.national')})` : ''}</Fact>
              <Fact label={t(lang, 'web.admin.field.kind')}>{n.kind}</Fact>
              <Fact label={t(lang, 'web.admin.field.intranet')}>{t(lang, n.intranet ? 'web.admin.yes' : 'web.admin.no')}</Fact>
              <Fact label={t(lang, 'web.admin.field.cidrs')} wide>{n.cidrs.join(', ')}</Fact>
              {n.warning && <Fact label={t(lang, 'web.admin.field.warning')} wide>{t(lang, 'network.public_office_warning', { cidrs: n.warning.cidrs.join(', '), confirmed: n.warning.confirmed })}</Fact>}
              <Fact label={t(lang, 'web.admin.field.created')}><When iso={n.createdAt} zone={zone} lang={lang} /></Fact>
              {n.status === 'retired' && <Fact label={t(lang, 'web.admin.field.retired')}><When iso={n.retiredAt} zone={zone} lang={lang} /></Fact>}
            </dl>
            {changes && n.status !== 'retired' && (
              <OneAction visitor={visitor} subject={n.name} action={`/admin/networks/${enc(n.name)}/retire`} formKey={key} label={t(lang, 'web.admin.network.retire')} form={form}
                openFor={[`edit ${n.name}`]} before={
                  <ReasonForm visitor={visitor} action={`/admin/networks/${enc(n.name)}/edit`} formKey={`edit ${n.name}`} label={t(lang, 'web.admin_forms.network.edit')}
                    button={t(lang, 'web.admin_forms.network.edit')} form={form}
                    extra={<NetworkEditFields lang={lang} slug={slugOf(n.name)} data={data} network={n} form={form} />} />
                } />
            )}
          </li>
        );
      })}
    </ul>
  );
}

function WorkstationsList({ visitor, data, changes, form }: AdminPageProps) {
  const { lang } = visitor;
  return (
    <ul class="reg-list">
      {(data.workstations ?? []).map((w) => {
        const zone = zoneOf(data.units, w.ownerUnit);
        return (
          <li class={w.status === 'retired' ? 'panel reg-entry reg-entry-out' : 'panel reg-entry'}>
            <h2>{w.assetTag} <Status lang={lang} status={w.status} /></h2>
            <dl class="case-facts summary">
              <Fact label={t(lang, 'web.admin.field.serial')}>{w.serialNumber}</Fact>
              <Fact label={t(lang, 'web.admin.field.unit')}>{w.ownerUnit ?? '—'}</Fact>
              <Fact label={t(lang, 'web.admin.field.assigned')}>{w.assignedUser ?? '—'}</Fact>
              <Fact label={t(lang, 'web.admin.field.owned')}>{t(lang, w.organisationOwned ? 'web.admin.yes' : 'web.admin.no')}</Fact>
              <Fact label={t(lang, 'web.admin.field.created')}><When iso={w.createdAt} zone={zone} lang={lang} /></Fact>
            </dl>
            <h3>{t(lang, 'web.admin.field.keys')}</h3>
            {w.keys.length === 0 && <p class="muted small">{t(lang, 'web.admin_forms.workstation.no_keys')}</p>}
            <ul class="reg-keys">
              {w.keys.map((k) => {
                const key = `revoke-key ${w.assetTag} ${k.fingerprint}`;
                return (
                  <li class={k.status === 'revoked' ? 'reg-entry-out' : undefined}>
                    <code>{k.fingerprint}</code> <Status lang={lang} status={k.status} />
                    {k.status === 'revoked' && <span class="muted small"> <When iso={k.revokedAt} zone={zone} lang={lang} /></span>}
                    {changes && k.status === 'active' && w.status !== 'retired' && (
                      <OneAction visitor={visitor} subject={k.fingerprint} action={`/admin/workstations/${enc(w.assetTag)}/revoke-key`} formKey={key}
                        label={t(lang, 'web.admin.workstation.revoke_key')} form={form} extra={<input type="hidden" name="fingerprint" value={k.fingerprint} />} />
                    )}
                  </li>
                );
              })}
            </ul>
            {changes && w.status !== 'retired' && (
              <Actions lang={lang} subject={w.assetTag} open={form?.key === `add-key ${w.assetTag}`}>
                <AddKeyForm visitor={visitor} assetTag={w.assetTag} action={`/admin/workstations/${enc(w.assetTag)}/keys`} slug={slugOf(w.assetTag)} form={form} />
              </Actions>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function TargetsList({ visitor, data, changes, form }: AdminPageProps) {
  const { lang } = visitor;
  return (
    <ul class="reg-list">
      {(data.targets ?? []).map((x) => {
        const zone = zoneOf(data.units, x.unit);
        const key = `retire ${x.name}`;
        return (
          <li class={x.status === 'retired' ? 'panel reg-entry reg-entry-out' : 'panel reg-entry'}>
            <h2>{x.name} <Status lang={lang} status={x.status} /></h2>
            <dl class="case-facts summary">
              <Fact label={t(lang, 'web.admin.field.unit')}>{x.unit ?? '—'}</Fact>
              <Fact label={t(lang, 'web.admin.field.address')}>{`${x.loginAccount}@${x.host}:${x.port}`}</Fact>
              <Fact label={t(lang, 'web.admin.field.host_key')} wide><code>{x.hostKeyFingerprint}</code></Fact>
              <Fact label={t(lang, 'web.admin.field.credential')}>
                {x.credential
                  ? <>{t(lang, x.credential.kind === 'private_key' ? 'web.admin.credential.private_key' : 'web.admin.credential.password')}, <When iso={x.credential.updatedAt} zone={zone} lang={lang} /></>
                  : t(lang, 'web.admin.credential.none')}
              </Fact>
              <Fact label={t(lang, 'web.admin.field.created')}><When iso={x.createdAt} zone={zone} lang={lang} /></Fact>
              {x.status === 'retired' && <Fact label={t(lang, 'web.admin.field.retired')}><When iso={x.retiredAt} zone={zone} lang={lang} /></Fact>}
            </dl>
            {changes && x.status !== 'retired' && (
              <OneAction visitor={visitor} subject={x.name} action={`/admin/targets/${enc(x.name)}/retire`} formKey={key} label={t(lang, 'web.admin.target.retire')} form={form}
                openFor={[`edit ${x.name}`]} before={<>
                  <ReasonForm visitor={visitor} action={`/admin/targets/${enc(x.name)}/edit`} formKey={`edit ${x.name}`} label={t(lang, 'web.admin_forms.target.edit')}
                    button={t(lang, 'web.admin_forms.target.edit')} form={form} extra={<TargetEditFields lang={lang} slug={slugOf(x.name)} target={x} form={form} />} />
                  <ScanHostKeyForm visitor={visitor} action={`/admin/targets/${enc(x.name)}/scan-host-key`} />
                </>} />
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The fields of the grant form, as the use case names them. */
export const GRANT_FIELDS = ['user', 'unit', 'target', 'validUntil'] as const;

function GrantForm({ visitor, data, form }: AdminPageProps) {
  const { lang } = visitor;
  const mine = form?.key === 'create grant' ? form : undefined;
  const none: Choice = { value: '', label: t(lang, 'web.admin.grant.all_targets') };
  return (
    <NewEntry title={t(lang, 'web.admin.grant.add')} open={mine !== undefined}>
    <form method="post" action="/admin/grants" class="stack admin-form">
      <FormToken visitor={visitor} />
      <SelectField name="user" label={t(lang, 'web.admin.grant.user')} value={mine?.values['user']} error={mine?.errors['user']}
        choices={(data.executors ?? []).map((u) => ({ value: u, label: u }))} />
      <SelectField name="unit" label={t(lang, 'web.admin.field.unit')} value={mine?.values['unit']} error={mine?.errors['unit']}
        choices={data.units.map((u) => ({ value: u.code, label: `${u.code} — ${u.name}` }))} />
      <SelectField name="target" label={t(lang, 'web.admin.grant.target')} value={mine?.values['target']} error={mine?.errors['target']}
        choices={[none, ...(data.targetNames ?? []).map((n) => ({ value: n, label: n }))]} />
      <TextInput name="validUntil" label={t(lang, 'web.admin.grant.valid_until')} hint={t(lang, 'web.admin.grant.valid_until_hint')}
        value={mine?.values['validUntil']} error={mine?.errors['validUntil']} maxlength={40} />
      <button type="submit">{t(lang, 'web.admin.grant.add')}</button>
    </form>
    </NewEntry>
  );
}

function GrantsList({ visitor, data, changes, form }: AdminPageProps) {
  const { lang } = visitor;
  return (
    <ul class="reg-list">
      {(data.grants ?? []).map((g) => {
        const zone = zoneOf(data.units, g.unit);
        const key = `revoke ${g.id}`;
        const subject = `${g.user ?? '—'} → ${g.target ?? g.unit ?? '—'}`;
        return (
          <li class={g.status === 'active' ? 'panel reg-entry' : 'panel reg-entry reg-entry-out'}>
            <h2>{subject} <Status lang={lang} status={g.status} /></h2>
            <dl class="case-facts summary">
              <Fact label={t(lang, 'web.admin.grant.user')}>{g.user ?? '—'}</Fact>
              <Fact label={t(lang, 'web.admin.field.unit')}>{g.unit ?? '—'}</Fact>
              <Fact label={t(lang, 'web.admin.grant.target')}>{g.target ?? t(lang, 'web.admin.grant.all_targets')}</Fact>
              <Fact label={t(lang, 'web.admin.grant.valid_until')}><When iso={g.validUntil} zone={zone} lang={lang} /></Fact>
              <Fact label={t(lang, 'web.admin.field.created')}><When iso={g.createdAt} zone={zone} lang={lang} /></Fact>
              {g.status === 'revoked' && <Fact label={t(lang, 'web.admin.field.revoked')}><When iso={g.revokedAt} zone={zone} lang={lang} /></Fact>}
            </dl>
            {changes && g.status === 'active' && (
              <OneAction visitor={visitor} subject={subject} action={`/admin/grants/${enc(g.id)}/revoke`} formKey={key} label={t(lang, 'web.admin.grant.revoke')} form={form} />
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The fields of the network form. */
export const NETWORK_FIELDS = ['name', 'unit', 'kind', 'cidrs', 'intranet', 'publicOffice'] as const;

function NetworkForm({ visitor, data, form }: AdminPageProps) {
  const { lang } = visitor;
  const mine = form?.key === 'create network' ? form : undefined;
  const check = (name: 'intranet' | 'publicOffice', label: string, hint?: string) => (
    <CheckField name={name} label={label} hint={hint} checked={mine?.values[name] === '1'} error={mine?.errors[name]} />
  );
  return (
    <NewEntry title={t(lang, 'web.admin.network.add')} open={mine !== undefined}>
    <form method="post" action="/admin/networks" class="stack admin-form">
      <FormToken visitor={visitor} />
      <TextInput name="name" label={t(lang, 'web.admin.field.name')} value={mine?.values['name']} error={mine?.errors['name']} maxlength={200} required />
      <SelectField name="unit" label={t(lang, 'web.admin.field.unit')} value={mine?.values['unit']} error={mine?.errors['unit']}
        choices={data.units.map((u) => ({ value: u.code, label: `${u.code} — ${u.name}` }))} />
      <SelectField name="kind" label={t(lang, 'web.admin.field.kind')} value={mine?.values['kind']} error={mine?.errors['kind']}
        choices={NETWORK_KINDS.map((k) => ({ value: k, label: k }))} />
      <TextArea name="cidrs" label={t(lang, 'web.admin.field.cidrs')} hint={t(lang, 'web.admin.network.cidrs_hint')} rows={3} maxlength={4000} required
        value={mine?.values['cidrs']} error={mine?.errors['cidrs']} />
      {check('intranet', t(lang, 'web.admin.field.intranet'))}
      {check('publicOffice', t(lang, 'web.admin.network.public_office'), t(lang, 'web.admin_forms.network.public_hint'))}
      <button type="submit">{t(lang, 'web.admin.network.add')}</button>
    </form>
    </NewEntry>
  );
}

const LISTS: Record<RegistryName, (p: AdminPageProps) => Child> = {
  units: UnitsList, users: UsersList, networks: NetworksList, workstations: WorkstationsList, targets: TargetsList, grants: GrantsList,
};

/** The registries' sub-navigation: every page of the administration one tap away. */
function AdminNav({ lang, here }: { lang: Lang; here: RegistryName | null }) {
  return (
    <nav class="admin-nav" aria-label={t(lang, 'web.admin.title')}>
      <a href="/admin" aria-current={here === null ? 'page' : undefined}>{t(lang, 'web.admin.index')}</a>
      {ADMIN_REGISTRIES.map((r) => <a href={adminPath(r)} aria-current={here === r ? 'page' : undefined}>{t(lang, `web.admin.registry.${r}`)}</a>)}
    </nav>
  );
}

/** `/admin`: the registries the visitor may read, each with what it holds. */
export function AdminIndexPage({ visitor, changes }: { visitor: SignedIn; changes: boolean }) {
  const { lang } = visitor;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.admin.title')} here="/admin" signedIn>
      <h1>{t(lang, 'web.admin.title')}</h1>
      <p class="muted">{t(lang, changes ? 'web.admin.intro_admin' : 'web.admin.intro_read')}</p>
      <ul class="panels admin-index">
        {ADMIN_REGISTRIES.map((r) => (
          <li class="panel"><h2><a href={adminPath(r)}>{t(lang, `web.admin.registry.${r}`)}</a></h2><p>{t(lang, `web.admin.about.${r}`)}</p></li>
        ))}
      </ul>
    </Layout>
  );
}

/** `/admin/<registry>`: its list as the visitor may read it, and for the superadmin its forms. */
export function AdminRegistryPage(props: AdminPageProps) {
  const { visitor, registry, changes, done, secret, scan } = props;
  const { lang } = visitor;
  const title = t(lang, `web.admin.registry.${registry}`);
  const List = LISTS[registry];
  const refused = props.form?.errors.form;
  return (
    <Layout visitor={visitor} title={title} here={adminPath(registry)} signedIn>
      <AdminNav lang={lang} here={registry} />
      <h1>{title}</h1>
      {done && <p id="notice" class="notice done" role="status">{done}</p>}
      {refused && <p id="refused" class="alert" role="alert">{t(lang, 'web.admin.refused', { message: refused })}</p>}
      {secret && (
        <section class="panel secret" aria-labelledby="secret-title">
          <h2 id="secret-title">{t(lang, secret.kind === 'password' ? 'web.admin.secret.password_title' : 'web.admin.secret.code_title', { username: secret.username })}</h2>
          <p><code class="secret-value">{secret.value}</code></p>
          <p>{t(lang, secret.kind === 'password' ? 'web.admin.secret.password_once' : 'web.admin.secret.code_once')}</p>
          {secret.expiresAt && <p>{t(lang, 'web.admin.secret.expires')} <When iso={secret.expiresAt.iso} zone={secret.expiresAt.timeZone} lang={lang} /></p>}
        </section>
      )}
      {scan && <ScanPanel visitor={visitor} pending={scan} form={props.form} />}
      {changes && registry === 'units' && <UnitForm {...props} />}
      {changes && registry === 'users' && <UserForm {...props} />}
      {changes && registry === 'workstations' && <WorkstationForm {...props} />}
      {changes && registry === 'targets' && <TargetForm {...props} />}
      {changes && registry === 'grants' && <GrantForm {...props} />}
      {changes && registry === 'networks' && <NetworkForm {...props} />}
      <List {...props} />
    </Layout>
  );
}
