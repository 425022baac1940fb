import type { OwnNotification } from '../../app/notification/subscriptions.js';
import { t } from '../../messages/catalogue.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import { TextInput } from './form-controls.js';
import { FormToken, Layout } from './layout.js';

export type NotificationField = 'email' | 'receive';

/**
 * The account's email and notifications (issue 13): the address notifications go to, and one box
 * per notification the visitor's role takes — cleared, it is muted; a mandatory one is ticked and
 * cannot be cleared (the server refuses muting it all the same).
 */
export function NotificationsPage({ visitor, email, notifications, emailValue, errors = {}, done }: {
  visitor: SignedIn; email: string | null; notifications: readonly OwnNotification[]; emailValue?: string | undefined;
  errors?: FormErrors<NotificationField>; done?: string | undefined;
}) {
  const { lang } = visitor;
  const mine = notifications.filter((n) => n.subscribed);
  return (
    <Layout visitor={visitor} title={t(lang, 'web.notifications.title')} here="/account/notifications">
      <section class="card narrow">
        <h1>{t(lang, 'web.notifications.title')}</h1>
        {done && <p class="notice" role="status">{done}</p>}
        {errors.form && <p class="alert" role="alert">{errors.form}</p>}
        <form method="post" action="/account/notifications/email" class="stack">
          <FormToken visitor={visitor} />
          <TextInput name="email" type="email" label={t(lang, 'web.notifications.email')} hint={t(lang, 'web.notifications.email_hint')} maxlength={254}
            autocomplete="email" value={emailValue ?? email ?? ''} error={errors.email} />
          <button type="submit">{t(lang, 'web.notifications.save_email')}</button>
        </form>
        {email === null && <p class="notice" role="note">{t(lang, 'web.notifications.no_email')}</p>}
      </section>
      <section class="card narrow" aria-labelledby="mutes-heading">
        <h2 id="mutes-heading">{t(lang, 'web.notifications.mutes')}</h2>
        {mine.length === 0 ? <p>{t(lang, 'web.notifications.none')}</p> : (
          <form method="post" action="/account/notifications/mutes" class="stack" id="mutes">
            <FormToken visitor={visitor} />
            <fieldset class="stack" aria-describedby="mutes-hint">
              <legend class="visually-hidden">{t(lang, 'web.notifications.mutes')}</legend>
              <p id="mutes-hint" class="field-hint">{t(lang, 'web.notifications.mutes_hint')}</p>
              {mine.map((n) => {
                const always = n.mandatory === 'always';
                return (
                  <label class="admin-check">
                    <input type="checkbox" name="receive" value={n.event} checked={always || !n.muted} disabled={always} />{' '}
                    {t(lang, `notify.event.${n.event}`)}
                    {always && <span class="muted small"> ({t(lang, 'web.notifications.mandatory')})</span>}
                    {n.mandatory === 'from_threshold' && <span class="muted small"> ({t(lang, 'web.notifications.mandatory_from', { threshold: n.fromThreshold ?? 100 })})</span>}
                  </label>
                );
              })}
            </fieldset>
            {errors.receive && <p class="field-error" role="alert">{errors.receive}</p>}
            <button type="submit">{t(lang, 'web.notifications.save_mutes')}</button>
          </form>
        )}
      </section>
    </Layout>
  );
}
