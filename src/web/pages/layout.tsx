import type { Child } from 'hono/jsx';
import { mayReportSomewhere } from '../../domain/auth/case.policy.js';
import { readsRegistries } from '../../domain/auth/registry.policy.js';
import { readsSopEvaluation } from '../../domain/auth/evaluation.policy.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import { FORM_TOKEN_FIELD } from '../web-visitor.js';
import type { Visitor } from '../web-visitor.js';

/** The other language of the switch, named in itself. */
const OTHER: Record<Lang, Lang> = { id: 'en', en: 'id' };

/** The hidden field every form carries: the visitor's form token. */
export const FormToken = ({ visitor }: { visitor: Visitor }) => <input type="hidden" name={FORM_TOKEN_FIELD} value={visitor.formToken} />;

/** The language switch: one button naming the other language in that language; back to `here` after. */
export function LanguageSwitch({ visitor, here }: { visitor: Visitor; here: string }) {
  const other = OTHER[visitor.lang];
  const name = t(other, 'shared.lang_name');
  return (
    <form class="lang-switch" method="post" action="/language">
      <FormToken visitor={visitor} />
      <input type="hidden" name="back" value={here} />
      <button type="submit" name="language" value={other} lang={other} aria-label={t(visitor.lang, 'web.language.switch_to', { name })}>{name}</button>
    </form>
  );
}

export interface LayoutProps {
  readonly visitor: Visitor;
  readonly title: string;
  /** The path of this page, where the language switch comes back to. */
  readonly here: string;
  /** Show the signed-in header (navigation, sign-out). */
  readonly signedIn?: boolean;
  readonly children?: Child;
  /** What a page adds to the head (its own stylesheets and scripts, from /assets/ only). */
  readonly head?: Child;
  /** False on a page shown once (a TOTP secret, recovery codes): switching language would lose it. */
  readonly languageSwitch?: boolean;
}

/** Every page: Jaga's own stylesheet and scripts only (the CSP allows nothing else), header, main, footer. */
/** Who has the logbook page (`logbookReadScope`); an LPSE admin has only its download form, for their unit's Logbook. */
export const browsesLogbook = (user: { readonly role: string }): boolean => ['koordinator', 'superadmin', 'auditor'].includes(user.role);

export function Layout({ visitor, title, here, signedIn = false, children, head, languageSwitch = true }: LayoutProps) {
  const { lang } = visitor;
  const user = signedIn ? visitor.principal?.user : undefined;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* htmx would otherwise add its indicator styles itself; jaga.css has them. */}
        <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
        <title>{`${title} · ${t(lang, 'web.app_name')}`}</title>
        <link rel="icon" href="/assets/jaga.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/jaga.css" />
        <script src="/assets/htmx.min.js" defer></script>
        <script src="/assets/jaga.js" defer></script>
        <script src="/assets/countdown.js" defer></script>
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">{t(lang, 'web.skip_to_content')}</a>
        <header class="topbar">
          <a class="brand" href="/"><img src="/assets/jaga.svg" alt="" width="28" height="28" /><span>{t(lang, 'web.app_name')}</span></a>
          {user && (
            <nav class="topnav" aria-label={t(lang, 'web.nav.label')}>
              <a href="/" aria-current={here === '/' ? 'page' : undefined}>{t(lang, 'web.nav.dashboard')}</a>
              {mayReportSomewhere(user) && <a href="/report" aria-current={here === '/report' ? 'page' : undefined}>{t(lang, 'web.nav.report')}</a>}
              {user.role === 'koordinator' && <a href="/approvals" aria-current={here === '/approvals' ? 'page' : undefined}>{t(lang, 'web.nav.approvals')}</a>}
              {['koordinator', 'superadmin', 'auditor'].includes(user.role) && <a href="/sessions/live" aria-current={here === '/sessions/live' ? 'page' : undefined}>{t(lang, 'web.nav.live')}</a>}
              <a href="/cases" aria-current={here === '/cases' ? 'page' : undefined}>{t(lang, 'web.nav.cases')}</a>
              <a href="/sessions" aria-current={here === '/sessions' ? 'page' : undefined}>{t(lang, 'web.nav.sessions')}</a>
              {browsesLogbook(user) && <a href="/logbook" aria-current={here === '/logbook' ? 'page' : undefined}>{t(lang, 'web.nav.logbook')}</a>}
              {!browsesLogbook(user) && user.role === 'admin_lpse' && user.unitId !== null && (
                <a href="/logbook/download" aria-current={here.startsWith('/logbook/download') ? 'page' : undefined}>{t(lang, 'web.nav.logbook')}</a>
              )}
              <a href="/sop" aria-current={here === '/sop' ? 'page' : undefined}>{t(lang, 'web.nav.sop')}</a>
              {readsSopEvaluation(user) && <a href="/reports/evaluation" aria-current={here === '/reports/evaluation' ? 'page' : undefined}>{t(lang, 'web.nav.evaluation')}</a>}
              {readsRegistries(user.role) && <a href="/admin" aria-current={here.startsWith('/admin') ? 'page' : undefined}>{t(lang, 'web.nav.admin')}</a>}
            </nav>
          )}
          <div class="topbar-end">
            {languageSwitch && <LanguageSwitch visitor={visitor} here={here} />}
            {user && <span class="who">{t(lang, 'web.signed_in_as', { name: user.displayName || user.username })}</span>}
            {visitor.principal && (
              <form method="post" action="/sign-out">
                <FormToken visitor={visitor} />
                <button type="submit" class="quiet">{t(lang, 'web.action.sign_out')}</button>
              </form>
            )}
          </div>
        </header>
        <main id="main" tabindex={-1}>{children}</main>
        <footer class="footer">
          <p>{t(lang, 'web.tagline')}</p>
          {user && <p><a href="/account/password" aria-current={here.startsWith('/account/password') ? 'page' : undefined}>{t(lang, 'web.password.title')}</a></p>}
          {user && <p><a href="/account/notifications" aria-current={here.startsWith('/account/notifications') ? 'page' : undefined}>{t(lang, 'web.notifications.title')}</a></p>}
        </footer>
      </body>
    </html>
  );
}

/** A page as the HTML document sent (hono/jsx escapes every text and attribute value it is given). */
export async function renderPage(page: Child): Promise<string> {
  return `<!DOCTYPE html>${String(await page)}`;
}
