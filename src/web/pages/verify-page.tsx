import { t } from '../../messages/catalogue.js';
import type { Visitor } from '../web-visitor.js';
import { Field } from './form-field.js';
import { Layout } from './layout.js';

/** What the check found: a match (its code and case), a refusal (the use case's words), or nothing asked yet. */
export type VerifyResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'match'; readonly checkCode: string; readonly caseId: string }
  | { readonly kind: 'no_match'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * The public check of a printed Form Laporan (`/verify`): no sign-in. It says only whether the
 * code matches a form this installation issued and for which case, nothing of the case itself.
 * A GET form, so the QR code's address (`/verify?code=…`) opens the answer directly.
 */
export function VerifyPage({ visitor, code, result, signedIn }: { visitor: Visitor; code: string; result: VerifyResult; signedIn: boolean }) {
  const { lang } = visitor;
  // The language switch comes back to the same answer.
  const here = code.trim() === '' ? '/verify' : `/verify?code=${encodeURIComponent(code)}`;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.verify.title')} here={here} signedIn={signedIn}>
      <section class="card narrow">
        <h1>{t(lang, 'web.verify.title')}</h1>
        <p>{t(lang, 'web.verify.intro')}</p>
        <form method="get" action="/verify" class="stack">
          <Field name="code" label={t(lang, 'web.verify.code')} hint={t(lang, 'web.verify.code_hint')} value={code} autocomplete="off" maxlength={40}
            autofocus={result.kind === 'none'} error={result.kind === 'invalid' ? result.message : undefined} />
          <button type="submit" class="primary">{t(lang, 'web.verify.submit')}</button>
        </form>
        {result.kind === 'match' && (
          <div class="verify-result verify-match" role="status">
            <h2>{t(lang, 'web.verify.match')}</h2>
            <p>{t(lang, 'web.verify.match_detail', { code: result.checkCode, caseId: result.caseId })}</p>
          </div>
        )}
        {result.kind === 'no_match' && (
          <div class="verify-result verify-no-match" role="alert">
            <h2>{t(lang, 'web.verify.no_match')}</h2>
            <p>{result.message}</p>
          </div>
        )}
      </section>
    </Layout>
  );
}
