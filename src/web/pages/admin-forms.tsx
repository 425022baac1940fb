import type { Child } from 'hono/jsx';
import type { HostKeyScan } from '../../app/registry/scan-host-key.js';
import { ROLES } from '../../domain/auth/role.js';
import { NETWORK_KINDS } from '../../domain/registry/network.js';
import { DEFAULT_TIME_ZONE } from '../../domain/registry/unit.js';
import { MIN_PASSWORD_LENGTH } from '../../domain/registry/user.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import type { SignedIn } from '../web-visitor.js';
import type { AdminData, AdminFormState, AdminPageProps } from './admin-pages.js';
import type { Choice } from './form-controls.js';
import { SelectField, TextArea, TextInput } from './form-controls.js';
import { FormToken } from './layout.js';

/*
 * The administration's create and edit forms (issue 11): a unit, a user, a workstation and its
 * keys, a target (its host key read from the server and confirmed), and the edits of a network
 * and a target with the re-pinning of a target's host key. Each form's fields are named as the
 * use case's input names them, so a refusal's message goes next to its field.
 */

/** The fields of each form, as its use case names them. */
export const UNIT_FIELDS = ['code', 'name', 'timeZone', 'national'] as const;
export const USER_FIELDS = ['username', 'displayName', 'role', 'unit', 'nip', 'password', 'email'] as const;
export const WORKSTATION_FIELDS = ['assetTag', 'serialNumber', 'ownerUnit', 'assignedUser', 'organisationOwned', 'sshKeys'] as const;
export const KEY_FIELDS = ['sshKey'] as const;
export const TARGET_FIELDS = ['name', 'unit', 'host', 'port', 'loginAccount', 'hostKeyFingerprint'] as const;
export const TARGET_EDIT_FIELDS = ['host', 'port', 'loginAccount', 'reason'] as const;
export const NETWORK_EDIT_FIELDS = ['unit', 'kind', 'cidrs', 'intranet', 'publicOffice', 'reason'] as const;

/** A host key just read, waiting for the superadmin's confirmation: of a target to register (what was typed) or of one to re-pin. */
export type AdminScan =
  | { readonly kind: 'new'; readonly values: Readonly<Record<string, string | undefined>>; readonly scan: HostKeyScan }
  | { readonly kind: 'repin'; readonly target: string; readonly scan: HostKeyScan };

/** A form that registers something, folded under its title (open again when it was refused): the list stays in view. */
export function NewEntry({ title, open, children }: { title: string; open: boolean; children: Child }) {
  return (
    <details class="panel admin-new" open={open}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}

/** A labelled check box with its hint and the API's message beside it; `id` for the hint and error. */
export function CheckField({ name, id = name, label, hint, checked, error }: {
  name: string; id?: string; label: string; hint?: string | undefined; checked: boolean; error?: string | undefined;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label class="admin-check"><input type="checkbox" name={name} value="1" checked={checked} aria-describedby={described}
        aria-invalid={error ? 'true' : undefined} /> {label}</label>
      {hint && <p id={`${id}-hint`} class="field-hint">{hint}</p>}
      {error && <p id={`${id}-error`} class="field-error" role="alert">{error}</p>}
    </div>
  );
}

/** The refused form of this key, if it is the one the page answers. */
const refusedAs = (form: AdminFormState | undefined, key: string): AdminFormState | undefined => (form?.key === key ? form : undefined);
const unitChoices = (data: AdminData): Choice[] => data.units.map((u) => ({ value: u.code, label: `${u.code} — ${u.name}` }));

export function UnitForm({ visitor, form }: AdminPageProps) {
  const { lang } = visitor;
  const mine = refusedAs(form, 'create unit');
  return (
    <NewEntry title={t(lang, 'web.admin_forms.unit.add')} open={mine !== undefined}>
      <form method="post" action="/admin/units" class="stack admin-form">
        <FormToken visitor={visitor} />
        <TextInput name="code" label={t(lang, 'web.admin_forms.unit.code')} hint={t(lang, 'web.admin_forms.unit.code_hint')} maxlength={63} required
          value={mine?.values['code']} error={mine?.errors['code']} />
        <TextInput name="name" label={t(lang, 'web.admin.field.name')} maxlength={200} required value={mine?.values['name']} error={mine?.errors['name']} />
        <TextInput name="timeZone" label={t(lang, 'web.admin.field.time_zone')} hint={t(lang, 'web.admin_forms.unit.zone_hint')} maxlength={64}
          value={mine?.values['timeZone'] ?? DEFAULT_TIME_ZONE} error={mine?.errors['timeZone']} />
        <CheckField name="national" label={t(lang, 'web.admin_forms.unit.national')} hint={t(lang, 'web.admin_forms.unit.national_hint')}
          checked={mine?.values['national'] === '1'} error={mine?.errors['national']} />
        <button type="submit">{t(lang, 'web.admin_forms.unit.add')}</button>
      </form>
    </NewEntry>
  );
}

export function UserForm({ visitor, data, form }: AdminPageProps) {
  const { lang } = visitor;
  const mine = refusedAs(form, 'create user');
  const noUnit: Choice = { value: '', label: t(lang, 'web.admin_forms.no_unit') };
  return (
    <NewEntry title={t(lang, 'web.admin_forms.user.add')} open={mine !== undefined}>
      <form method="post" action="/admin/users" class="stack admin-form">
        <FormToken visitor={visitor} />
        <TextInput name="username" label={t(lang, 'web.admin_forms.user.username')} hint={t(lang, 'web.admin_forms.user.username_hint')} maxlength={32} required
          value={mine?.values['username']} error={mine?.errors['username']} />
        <TextInput name="displayName" label={t(lang, 'web.admin_forms.user.display_name')} maxlength={200} value={mine?.values['displayName']}
          error={mine?.errors['displayName']} autocomplete="off" />
        <SelectField name="role" label={t(lang, 'web.admin.field.role')} value={mine?.values['role'] ?? 'pelapor'} error={mine?.errors['role']}
          choices={ROLES.map((r) => ({ value: r, label: t(lang, `report.form.role.${r}`) }))} />
        <SelectField name="unit" label={t(lang, 'web.admin.field.unit')} hint={t(lang, 'web.admin_forms.user.unit_hint')} value={mine?.values['unit']}
          error={mine?.errors['unit']} choices={[noUnit, ...unitChoices(data)]} />
        <TextInput name="nip" label={t(lang, 'web.admin_forms.user.nip')} hint={t(lang, 'web.admin_forms.user.nip_hint')} maxlength={40} inputmode="numeric"
          value={mine?.values['nip']} error={mine?.errors['nip']} />
        <TextInput name="email" type="email" autocomplete="off" label={t(lang, 'web.admin.field.email')} hint={t(lang, 'web.notifications.email_hint')} maxlength={254}
          value={mine?.values['email']} error={mine?.errors['email']} />
        {/* The initial password is typed by the superadmin and handed over in person; it is never shown back, not even after a refusal. */}
        <TextInput name="password" type="password" autocomplete="new-password" label={t(lang, 'web.admin_forms.user.password')}
          hint={t(lang, 'web.admin_forms.user.password_hint', { min: MIN_PASSWORD_LENGTH })} maxlength={1024} required error={mine?.errors['password']} />
        <button type="submit">{t(lang, 'web.admin_forms.user.add')}</button>
      </form>
    </NewEntry>
  );
}

/** A user's email address, set or removed by the superadmin (issue 13); the user sets their own on /account/notifications. */
export function UserEmailForm({ visitor, username, email, slug, form }: {
  visitor: SignedIn; username: string; email: string | null; slug: string; form?: AdminFormState | undefined;
}) {
  const { lang } = visitor;
  const mine = refusedAs(form, `email ${username}`);
  return (
    <form method="post" action={`/admin/users/${encodeURIComponent(username)}/email`} class="stack admin-form">
      <FormToken visitor={visitor} />
      <TextInput name="email" id={`email-${slug}`} type="email" label={t(lang, 'web.notifications.email')} hint={t(lang, 'web.notifications.email_hint')} maxlength={254}
        value={mine?.values['email'] ?? email ?? ''} error={mine?.errors['email']} />
      <button type="submit">{t(lang, 'web.notifications.save_email')}</button>
    </form>
  );
}

export function WorkstationForm({ visitor, data, form }: AdminPageProps) {
  const { lang } = visitor;
  const mine = refusedAs(form, 'create workstation');
  const none: Choice = { value: '', label: '—' };
  return (
    <NewEntry title={t(lang, 'web.admin_forms.workstation.add')} open={mine !== undefined}>
      <form method="post" action="/admin/workstations" class="stack admin-form">
        <FormToken visitor={visitor} />
        <TextInput name="assetTag" label={t(lang, 'web.admin_forms.workstation.asset_tag')} maxlength={64} required value={mine?.values['assetTag']}
          error={mine?.errors['assetTag']} />
        <TextInput name="serialNumber" label={t(lang, 'web.admin.field.serial')} maxlength={100} required value={mine?.values['serialNumber']}
          error={mine?.errors['serialNumber']} />
        <SelectField name="ownerUnit" label={t(lang, 'web.admin.field.unit')} value={mine?.values['ownerUnit']} error={mine?.errors['ownerUnit']}
          choices={[none, ...unitChoices(data)]} />
        <SelectField name="assignedUser" label={t(lang, 'web.admin.field.assigned')} value={mine?.values['assignedUser']} error={mine?.errors['assignedUser']}
          choices={[none, ...(data.userNames ?? []).map((u) => ({ value: u, label: u }))]} />
        <CheckField name="organisationOwned" label={t(lang, 'web.admin.field.owned')} hint={t(lang, 'web.admin_forms.workstation.owned_hint')}
          checked={mine ? mine.values['organisationOwned'] === '1' : true} error={mine?.errors['organisationOwned']} />
        <TextArea name="sshKeys" label={t(lang, 'web.admin_forms.workstation.keys')} hint={t(lang, 'web.admin_forms.workstation.keys_hint')} rows={4}
          maxlength={16 * 4096} value={mine?.values['sshKeys']} error={mine?.errors['sshKeys']} />
        <button type="submit">{t(lang, 'web.admin_forms.workstation.add')}</button>
      </form>
    </NewEntry>
  );
}

/** A workstation's form to add one public key (its fingerprint is then listed with the others). */
export function AddKeyForm({ visitor, assetTag, action, slug, form }: { visitor: SignedIn; assetTag: string; action: string; slug: string; form?: AdminFormState | undefined }) {
  const { lang } = visitor;
  const mine = refusedAs(form, `add-key ${assetTag}`);
  return (
    <form method="post" action={action} class="stack admin-form">
      <FormToken visitor={visitor} />
      <TextArea name="sshKey" id={`key-${slug}`} label={t(lang, 'web.admin_forms.workstation.add_key_label', { name: assetTag })}
        hint={t(lang, 'web.admin_forms.workstation.key_hint')} rows={3} maxlength={4096} required value={mine?.values['sshKey']} error={mine?.errors['sshKey']} />
      <button type="submit">{t(lang, 'web.admin_forms.workstation.add_key')}</button>
    </form>
  );
}

export function TargetForm({ visitor, data, form }: AdminPageProps) {
  const { lang } = visitor;
  const mine = refusedAs(form, 'create target');
  return (
    <NewEntry title={t(lang, 'web.admin_forms.target.add')} open={mine !== undefined}>
      <form method="post" action="/admin/targets" class="stack admin-form">
        <FormToken visitor={visitor} />
        <TextInput name="name" label={t(lang, 'web.admin.field.name')} hint={t(lang, 'web.admin_forms.target.name_hint')} maxlength={63} required
          value={mine?.values['name']} error={mine?.errors['name']} />
        <SelectField name="unit" label={t(lang, 'web.admin.field.unit')} value={mine?.values['unit']} error={mine?.errors['unit']} choices={unitChoices(data)} />
        <TextInput name="host" label={t(lang, 'web.admin_forms.target.host')} maxlength={253} required value={mine?.values['host']} error={mine?.errors['host']} />
        <TextInput name="port" label={t(lang, 'web.admin_forms.target.port')} maxlength={5} inputmode="numeric" value={mine?.values['port'] ?? '22'}
          error={mine?.errors['port']} />
        <TextInput name="loginAccount" label={t(lang, 'web.admin_forms.target.login')} hint={t(lang, 'web.admin_forms.target.login_hint')} maxlength={32} required
          value={mine?.values['loginAccount']} error={mine?.errors['loginAccount']} />
        <TextInput name="hostKeyFingerprint" label={t(lang, 'web.admin_forms.target.fingerprint')} hint={t(lang, 'web.admin_forms.target.fingerprint_hint')}
          maxlength={100} value={mine?.values['hostKeyFingerprint']} error={mine?.errors['hostKeyFingerprint']} />
        <button type="submit">{t(lang, 'web.admin_forms.target.scan_and_add')}</button>
      </form>
    </NewEntry>
  );
}

/** The host and port the gateway will connect to, and the login account, as edited fields of one target (`id`s prefixed by its slug). */
export function TargetEditFields({ lang, slug, target, form }: {
  lang: Lang; slug: string; target: { name: string; host: string; port: number; loginAccount: string }; form?: AdminFormState | undefined;
}) {
  const mine = refusedAs(form, `edit ${target.name}`);
  const value = (f: 'host' | 'port' | 'loginAccount'): string => mine?.values[f] ?? String(target[f]);
  return (
    <>
      <h3>{t(lang, 'web.admin_forms.target.edit')}</h3>
      <TextInput name="host" id={`edit-${slug}-host`} label={t(lang, 'web.admin_forms.target.host')} maxlength={253} required value={value('host')} error={mine?.errors['host']} />
      <TextInput name="port" id={`edit-${slug}-port`} label={t(lang, 'web.admin_forms.target.port')} maxlength={5} inputmode="numeric" required value={value('port')}
        error={mine?.errors['port']} />
      <TextInput name="loginAccount" id={`edit-${slug}-login`} label={t(lang, 'web.admin_forms.target.login')} maxlength={32} required value={value('loginAccount')}
        error={mine?.errors['loginAccount']} />
    </>
  );
}

/** A network's unit, kind, ranges and flags as edited fields (its name stays: cases and the logbook use it). */
export function NetworkEditFields({ lang, slug, data, network, form }: {
  lang: Lang; slug: string; data: AdminData; network: { name: string; unit: string | null; kind: string; cidrs: readonly string[]; intranet: boolean; publicOffice: boolean };
  form?: AdminFormState | undefined;
}) {
  const mine = refusedAs(form, `edit ${network.name}`);
  return (
    <>
      <h3>{t(lang, 'web.admin_forms.network.edit')}</h3>
      <SelectField name="unit" id={`edit-${slug}-unit`} label={t(lang, 'web.admin.field.unit')} value={mine?.values['unit'] ?? network.unit ?? undefined}
        error={mine?.errors['unit']} choices={unitChoices(data)} />
      <SelectField name="kind" id={`edit-${slug}-kind`} label={t(lang, 'web.admin.field.kind')} value={mine?.values['kind'] ?? network.kind} error={mine?.errors['kind']}
        choices={NETWORK_KINDS.map((k) => ({ value: k, label: k }))} />
      <TextArea name="cidrs" id={`edit-${slug}-cidrs`} label={t(lang, 'web.admin.field.cidrs')} hint={t(lang, 'web.admin.network.cidrs_hint')} rows={3} maxlength={4000} required
        value={mine?.values['cidrs'] ?? network.cidrs.join('\n')} error={mine?.errors['cidrs']} />
      <CheckField name="intranet" id={`edit-${slug}-intranet`} label={t(lang, 'web.admin.field.intranet')}
        checked={mine ? mine.values['intranet'] === '1' : network.intranet} error={mine?.errors['intranet']} />
      <CheckField name="publicOffice" id={`edit-${slug}-public`} label={t(lang, 'web.admin.network.public_office')} hint={t(lang, 'web.admin_forms.network.public_hint')}
        checked={mine ? mine.values['publicOffice'] === '1' : network.publicOffice} error={mine?.errors['publicOffice']} />
    </>
  );
}

/** A target's button to read its host key again (nothing changes until the fingerprint read is confirmed). */
export function ScanHostKeyForm({ visitor, action }: { visitor: SignedIn; action: string }) {
  const { lang } = visitor;
  return (
    <form method="post" action={action} class="stack admin-form">
      <FormToken visitor={visitor} />
      <h3>{t(lang, 'web.admin.field.host_key')}</h3>
      <p class="muted small">{t(lang, 'web.admin_forms.repin.hint')}</p>
      <button type="submit">{t(lang, 'web.admin_forms.repin.scan')}</button>
    </form>
  );
}

const enc = encodeURIComponent;

/**
 * The host key just read, for the superadmin to compare with what the server's administrator
 * reads out, before anything is pinned: a new target's (registered with it on confirmation, the
 * fields as typed carried along) or a registered one's, the pinned key beside the new one.
 */
export function ScanPanel({ visitor, pending, form }: { visitor: SignedIn; pending: AdminScan; form?: AdminFormState | undefined }) {
  const { lang } = visitor;
  const { scan } = pending;
  const address = `${scan.host}:${scan.port}`;
  const fp = (label: string, value: string, cls: string) => (
    <div class={cls}><dt>{label}</dt><dd><code>{value}</code></dd></div>
  );
  if (pending.kind === 'new') {
    return (
      <section id="scan" class="panel secret" aria-labelledby="scan-title">
        <h2 id="scan-title">{t(lang, 'web.admin_forms.scan.new_title', { name: pending.values['name'] ?? '', address })}</h2>
        <dl class="case-facts summary">{fp(t(lang, 'web.admin_forms.scan.presented', { type: scan.keyType }), scan.fingerprint, 'wide')}</dl>
        <p>{t(lang, 'web.admin_forms.scan.compare')}</p>
        <form method="post" action="/admin/targets" class="stack admin-form">
          <FormToken visitor={visitor} />
          {TARGET_FIELDS.filter((f) => f !== 'hostKeyFingerprint').map((f) => <input type="hidden" name={f} value={pending.values[f] ?? ''} />)}
          <input type="hidden" name="hostKeyFingerprint" value={scan.fingerprint} />
          <div class="admin-buttons">
            <button type="submit">{t(lang, 'web.admin_forms.scan.confirm_new')}</button>
            <a class="button" href="/admin/targets">{t(lang, 'web.admin_forms.scan.cancel')}</a>
          </div>
        </form>
      </section>
    );
  }
  const mine = refusedAs(form, `repin ${pending.target}`);
  const same = scan.fingerprint === scan.pinned;
  return (
    <section id="scan" class="panel secret" aria-labelledby="scan-title">
      <h2 id="scan-title">{t(lang, 'web.admin_forms.scan.repin_title', { name: pending.target, address })}</h2>
      <dl class="case-facts summary">
        {fp(t(lang, 'web.admin_forms.scan.pinned'), scan.pinned ?? '—', 'wide')}
        {fp(t(lang, 'web.admin_forms.scan.presented', { type: scan.keyType }), scan.fingerprint, same ? 'wide' : 'wide scan-new')}
      </dl>
      {same ? <p role="status">{t(lang, 'web.admin_forms.scan.unchanged')}</p> : (
        <>
          <p class="scan-warning"><strong>{t(lang, 'web.admin_forms.scan.compare_repin')}</strong></p>
          <form method="post" action={`/admin/targets/${enc(pending.target)}/host-key`} class="stack admin-form">
            <FormToken visitor={visitor} />
            <input type="hidden" name="expected" value={scan.fingerprint} />
            <TextArea name="reason" id="repin-reason" label={`${t(lang, 'web.admin_forms.scan.confirm_repin')}: ${t(lang, 'web.admin.reason')}`} rows={2} maxlength={500} required
              value={mine?.values['reason']} error={mine?.errors['reason']} />
            <div class="admin-buttons">
              <button type="submit" class="danger">{t(lang, 'web.admin_forms.scan.confirm_repin')}</button>
              <a class="button" href="/admin/targets">{t(lang, 'web.admin_forms.scan.cancel')}</a>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
