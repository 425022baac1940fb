import { t } from '../../messages/catalogue.js';
import type { Visitor } from '../web-visitor.js';
import { Field } from './form-field.js';
import { FormToken, Layout } from './layout.js';

export interface SignInForm {
  readonly username?: string;
  readonly next?: string | undefined;
  readonly errors?: { readonly username?: string; readonly password?: string };
}

/** Username and password; the page asked for (a deep link) rides along as `next`. */
export function SignInPage({ visitor, form }: { visitor: Visitor; form: SignInForm }) {
  const { lang } = visitor;
  const here = form.next ? `/sign-in?next=${encodeURIComponent(form.next)}` : '/sign-in';
  return (
    <Layout visitor={visitor} title={t(lang, 'web.sign_in.title')} here={here}>
      <section class="card narrow">
        <h1>{t(lang, 'web.sign_in.heading')}</h1>
        <p class="muted">{t(lang, 'web.tagline')}</p>
        <form method="post" action="/sign-in" class="stack">
          <FormToken visitor={visitor} />
          {form.next && <input type="hidden" name="next" value={form.next} />}
          <Field name="username" label={t(lang, 'web.sign_in.username')} value={form.username ?? ''} autocomplete="username" maxlength={64}
            autofocus={!form.errors?.password} error={form.errors?.username} />
          <Field name="password" type="password" label={t(lang, 'web.sign_in.password')} autocomplete="current-password" maxlength={1024}
            error={form.errors?.password} />
          <button type="submit" class="primary">{t(lang, 'web.sign_in.submit')}</button>
        </form>
        {form.next && <p class="muted small">{t(lang, 'web.sign_in.after')}</p>}
        <p class="small"><a href="/verify">{t(lang, 'web.verify.link')}</a></p>
      </section>
    </Layout>
  );
}

/** The second step: a TOTP code or a recovery code. */
export function TotpPage({ visitor, next, error }: { visitor: Visitor; next: string | undefined; error?: string | undefined }) {
  const { lang } = visitor;
  const here = next ? `/sign-in/totp?next=${encodeURIComponent(next)}` : '/sign-in/totp';
  return (
    <Layout visitor={visitor} title={t(lang, 'web.totp.title')} here={here}>
      <section class="card narrow">
        <h1>{t(lang, 'web.totp.heading')}</h1>
        <p>{t(lang, 'web.totp.intro')}</p>
        <form method="post" action="/sign-in/totp" class="stack">
          <FormToken visitor={visitor} />
          {next && <input type="hidden" name="next" value={next} />}
          <Field name="code" label={t(lang, 'web.totp.code')} autocomplete="one-time-code" inputmode="text" maxlength={11} autofocus error={error} />
          <button type="submit" class="primary">{t(lang, 'web.totp.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** A page that says why the visitor cannot go on (an error, or a step the browser cannot do yet). */
export function MessagePage({ visitor, title, message, here, status = 'error', signedIn = false }: {
  visitor: Visitor; title: string; message: string; here: string; status?: 'error' | 'notice'; signedIn?: boolean;
}) {
  const { lang } = visitor;
  return (
    <Layout visitor={visitor} title={title} here={here} signedIn={signedIn}>
      <section class="card narrow">
        <h1>{title}</h1>
        <p class={status === 'error' ? 'alert' : 'notice'} role={status === 'error' ? 'alert' : 'status'}>{message}</p>
        {signedIn && <p><a href="/">{t(lang, 'web.error.back')}</a></p>}
      </section>
    </Layout>
  );
}
