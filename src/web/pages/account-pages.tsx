import { raw } from 'hono/html';
import { MIN_PASSWORD_LENGTH } from '../../domain/registry/user.js';
import { t } from '../../messages/catalogue.js';
import type { FormErrors } from '../form-errors.js';
import type { Visitor } from '../web-visitor.js';
import { Field } from './form-field.js';
import { FormToken, Layout } from './layout.js';

/** `path`, with the page to go on to afterwards (a deep link) when there is one. */
const withNext = (path: string, next: string | undefined): string => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

const Next = ({ next }: { next: string | undefined }) => (next ? <input type="hidden" name="next" value={next} /> : null);

/** What no field of a form is about, above it. */
const FormAlert = ({ message }: { message: string | undefined }) => (message ? <p class="alert" role="alert">{message}</p> : null);

export type EnrolField = 'enrolmentCode' | 'password';

/** The first step of enrolment: the one-time enrolment code, and the password once more. */
export function EnrolStartPage({ visitor, next, enrolmentCode, errors = {} }: {
  visitor: Visitor; next: string | undefined; enrolmentCode?: string; errors?: FormErrors<EnrolField>;
}) {
  const { lang } = visitor;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.enrol.title')} here={withNext('/sign-in/enrol', next)}>
      <section class="card narrow">
        <h1>{t(lang, 'web.enrol.heading')}</h1>
        <p>{t(lang, 'web.enrol.intro')}</p>
        <FormAlert message={errors.form} />
        <form method="post" action="/sign-in/enrol" class="stack">
          <FormToken visitor={visitor} />
          <Next next={next} />
          <Field name="enrolmentCode" label={t(lang, 'web.enrol.code')} hint={t(lang, 'web.enrol.code_hint')} value={enrolmentCode ?? ''}
            autocomplete="off" maxlength={100} autofocus={!errors.password} error={errors.enrolmentCode} />
          <Field name="password" type="password" label={t(lang, 'web.enrol.password')} autocomplete="current-password" maxlength={1024}
            error={errors.password} />
          <button type="submit" class="primary">{t(lang, 'web.enrol.start')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** The secret in groups of four, as a person types it: two lines of four groups (a 32-letter key). */
function ManualKey({ secret }: { secret: string }) {
  const groups = secret.match(/.{1,4}/g) ?? [];
  const half = Math.ceil(groups.length / 2);
  return (
    <code id="manual-key">
      <span class="key-line">{groups.slice(0, half).join(' ')}</span>{' '}<span class="key-line">{groups.slice(half).join(' ')}</span>
    </code>
  );
}

/**
 * The secret as a QR code (SVG drawn on the server: path data only, no text, no script, no style)
 * and as a key to type, and the form for the first code. Shown in the answer to a POST only, never
 * at an address of its own; without the language switch, which would lose it.
 */
export function EnrolQrPage({ visitor, next, secret, qrSvg, error }: {
  visitor: Visitor; next: string | undefined; secret: string; qrSvg: string; error?: string | undefined;
}) {
  const { lang } = visitor;
  const name = visitor.principal?.user.username ?? '';
  return (
    <Layout visitor={visitor} title={t(lang, 'web.enrol.title')} here="/sign-in/enrol" languageSwitch={false}>
      <section class="card narrow enrol">
        <h1>{t(lang, 'web.enrol.scan_heading')}</h1>
        <p>{t(lang, 'web.enrol.scan_intro')}</p>
        <figure class="qr">{raw(qrSvg)}</figure>
        <p>{t(lang, 'web.enrol.manual')}</p>
        <p class="manual-key"><ManualKey secret={secret} /></p>
        <p class="muted small">{t(lang, 'web.enrol.account', { name })}</p>
        <p class="notice" role="note">{t(lang, 'web.enrol.secret_warning')}</p>
        <h2>{t(lang, 'web.enrol.confirm_heading')}</h2>
        <form method="post" action="/sign-in/enrol/confirm" class="stack">
          <FormToken visitor={visitor} />
          <Next next={next} />
          {/* The browser holds the secret, as an API client does, so a wrong first code can show it again. */}
          <input type="hidden" name="secret" value={secret} />
          <Field name="code" label={t(lang, 'web.enrol.first_code')} autocomplete="one-time-code" inputmode="numeric" maxlength={6} error={error} />
          <button type="submit" class="primary">{t(lang, 'web.enrol.confirm')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** The recovery codes, shown this once (the answer to the confirming POST), and the way on. */
export function RecoveryCodesPage({ visitor, next, codes }: { visitor: Visitor; next: string | undefined; codes: readonly string[] }) {
  const { lang } = visitor;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.recovery.title')} here="/sign-in/enrol" languageSwitch={false}>
      <section class="card narrow recovery">
        <h1>{t(lang, 'web.recovery.heading')}</h1>
        <p>{t(lang, 'web.recovery.intro')}</p>
        <p class="alert" role="alert">{t(lang, 'web.recovery.once')}</p>
        <ol class="recovery-codes" aria-label={t(lang, 'web.recovery.list')}>
          {codes.map((c) => <li><code>{c}</code></li>)}
        </ol>
        <p><a class="button primary big" href={next ?? '/'}>{t(lang, 'web.recovery.continue')}</a></p>
      </section>
    </Layout>
  );
}

export type PasswordField = 'currentPassword' | 'newPassword';

/** Change one's own password; after a reset, the only page that opens until it is done. */
export function PasswordPage({ visitor, next, required, errors = {} }: {
  visitor: Visitor; next: string | undefined; required: boolean; errors?: FormErrors<PasswordField>;
}) {
  const { lang } = visitor;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.password.title')} here={withNext('/account/password', next)} signedIn={!required}>
      <section class="card narrow">
        <h1>{t(lang, 'web.password.title')}</h1>
        {required && <p class="notice" role="status">{t(lang, 'web.password.required')}</p>}
        <FormAlert message={errors.form} />
        <form method="post" action="/account/password" class="stack">
          <FormToken visitor={visitor} />
          <Next next={next} />
          {/* The username, for password managers to file the new password under. */}
          <input type="hidden" name="username" autocomplete="username" value={visitor.principal?.user.username ?? ''} />
          <Field name="currentPassword" type="password" label={t(lang, 'web.password.current')} autocomplete="current-password" maxlength={1024}
            hint={required ? t(lang, 'web.password.current_hint_reset') : undefined}
            autofocus={!errors.newPassword} error={errors.currentPassword} />
          <Field name="newPassword" type="password" label={t(lang, 'web.password.new')} hint={t(lang, 'web.password.new_hint', { min: MIN_PASSWORD_LENGTH })}
            autocomplete="new-password" maxlength={1024} error={errors.newPassword} />
          <button type="submit" class="primary">{t(lang, 'web.password.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** After the change: said once, and the way on. */
export function PasswordChangedPage({ visitor, next }: { visitor: Visitor; next: string | undefined }) {
  const { lang } = visitor;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.password.changed_title')} here="/account/password" signedIn>
      <section class="card narrow">
        <h1>{t(lang, 'web.password.changed_title')}</h1>
        <p class="notice" role="status">{t(lang, 'web.password.changed')}</p>
        <p><a class="button primary" href={next ?? '/'}>{t(lang, 'web.password.continue')}</a></p>
      </section>
    </Layout>
  );
}
