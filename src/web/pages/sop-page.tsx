import type { SopDefinition, Text } from '../../domain/sop/sop-definition.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import { sopFlowchart } from '../../presenters/sop-flowchart.js';
import { sopDocDate as docDate, sopRoleLabel as roleLabel, sopTimeText } from '../../presenters/sop-text.js';
import type { SignedIn } from '../web-visitor.js';
import { Layout } from './layout.js';
import { SopFlowRowSvg } from './sop-flowchart-svg.js';

/**
 * A text of the SOP: the Indonesian original (the authority); for an English reader its
 * rendering under it, marked as English.
 */
function SopText({ text, lang }: { text: Text | null; lang: Lang }) {
  if (text === null) return <>—</>;
  return (
    <>
      <span lang="id">{text.id}</span>
      {lang === 'en' && <span class="sop-en" lang="en">{text.en}</span>}
    </>
  );
}

function NumberedList({ items, lang }: { items: readonly Text[]; lang: Lang }) {
  if (items.length === 0) return <p class="muted">—</p>;
  return <ol>{items.map((i) => <li><SopText text={i} lang={lang} /></li>)}</ol>;
}

/** One cell of the header table: the SOP's own field name (as written) over its content. */
function HeaderCell({ title, children }: { title: string; children: unknown }) {
  return <td><h3 class="sop-field">{title}</h3>{children}</td>;
}

/**
 * SOP-01 as the signed document sets it out: the identity block (issuer, title, the three
 * signatures, number and dates), the header table (Dasar Hukum … Definisi), and the activity
 * table (provisions A, procedure B1–B6 with who carries each out and its mutu baku). Printable.
 */
export function SopPage({ visitor, sop }: { visitor: SignedIn; sop: SopDefinition }) {
  const { lang } = visitor;
  const id = sop.identity;
  const flow = sopFlowchart(sop.steps);
  const roles = flow.columns;
  const pdf = (l: Lang): string => `/sop/document.pdf?version=${encodeURIComponent(sop.version)}&lang=${l}`;
  const columns = 6 + roles.length;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.sop.title')} here="/sop" signedIn>
      <article class="sop-document">
        <p class="muted small no-print">{`${t(lang, 'web.sop.print')} ${sop.code} ${t(lang, 'sop.version')} ${sop.version}`}</p>
        <p class="sop-downloads no-print">
          <a class="button" href={pdf(lang)} download>{t(lang, 'web.sop.pdf', { version: sop.version })}</a>
          {lang === 'id' && <a href={pdf('en')} download hreflang="en">{t(lang, 'web.sop.pdf_en')}</a>}
        </p>
        <header class="sop-identity" aria-labelledby="sop-title">
          <p class="sop-issuer"><SopText text={id.issuer} lang={lang} /></p>
          <p class="sop-series"><SopText text={id.series} lang={lang} /></p>
          <p class="sop-kind">STANDARD OPERATING PROCEDURES (SOP)</p>
          <h1 id="sop-title"><SopText text={id.title} lang={lang} /></h1>
          <div class="sop-signatures">
            {id.signatures.map((s) => (
              <div class="sop-signature">
                <p class="sop-sign-label">{`${s.label.id.toUpperCase()}:`}</p>
                <p class="sop-sign-name">{s.signedBy ?? '—'}</p>
                <p class="small"><SopText text={s.position} lang={lang} /></p>
              </div>
            ))}
          </div>
          <table class="sop-table sop-numbers">
            <tbody>
              <tr><th scope="row">Nomor SOP</th><td>{id.number}</td></tr>
              <tr><th scope="row">Tanggal Pembuatan</th><td>{docDate(id.createdOn)}</td></tr>
              <tr><th scope="row">Tanggal Revisi</th><td>{docDate(id.revisedOn)}</td></tr>
              <tr><th scope="row">Nomor Revisi</th><td>{id.revisionNumber ?? '—'}</td></tr>
              <tr><th scope="row">Tanggal Efektif</th><td>{docDate(id.effectiveOn)}</td></tr>
              <tr><th scope="row">Disahkan Oleh</th><td><SopText text={id.ratifiedBy} lang={lang} /></td></tr>
            </tbody>
          </table>
        </header>

        <table class="sop-table sop-header">
          <tbody>
            <tr>
              <HeaderCell title="Dasar Hukum :"><NumberedList items={sop.legalBasis} lang={lang} /></HeaderCell>
              <HeaderCell title="Kualifikasi Pelaksana :"><NumberedList items={sop.executorQualifications} lang={lang} /></HeaderCell>
            </tr>
            <tr>
              <HeaderCell title="Penjelasan Singkat :"><p><SopText text={sop.summary} lang={lang} /></p></HeaderCell>
              <HeaderCell title="Peralatan/Perlengkapan :"><NumberedList items={sop.equipment} lang={lang} /></HeaderCell>
            </tr>
            <tr>
              <HeaderCell title="Tujuan :"><p><SopText text={sop.purpose} lang={lang} /></p></HeaderCell>
              <HeaderCell title="Pencatatan dan Pendataan :"><NumberedList items={sop.records} lang={lang} /></HeaderCell>
            </tr>
            <tr>
              <HeaderCell title="Peringatan :"><NumberedList items={sop.warnings} lang={lang} /></HeaderCell>
              <HeaderCell title="Definisi :">
                <ol>{sop.definitions.map((d) => <li><strong><SopText text={d.term} lang={lang} /></strong>{': '}<SopText text={d.meaning} lang={lang} /></li>)}</ol>
              </HeaderCell>
            </tr>
            <tr>
              <HeaderCell title="Keterkaitan :"><NumberedList items={sop.relatedSops} lang={lang} /></HeaderCell>
              <td />
            </tr>
          </tbody>
        </table>

        <h2 class="sop-activities-title" id="sop-activities">{t(lang, 'web.sop.activities').toUpperCase()}</h2>
        {/* Wider than a phone: a region the keyboard can reach and scroll (axe scrollable-region-focusable). */}
        <div class="table-wrap" tabindex={0} role="region" aria-labelledby="sop-activities">
          <table class="sop-table sop-activities">
            <thead>
              <tr>
                <th scope="col" rowspan={2}>No.</th>
                <th scope="col" rowspan={2} class="sop-activity-col">Kegiatan</th>
                <th scope="colgroup" colspan={roles.length}>Pelaksana</th>
                <th scope="colgroup" colspan={4}>Mutu Baku</th>
              </tr>
              <tr>
                {roles.map((r) => <th scope="col" class="sop-role-col">{roleLabel(r, lang)}</th>)}
                <th scope="col">Kelengkapan</th>
                <th scope="col">Waktu</th>
                <th scope="col">Output</th>
                <th scope="col">Keterangan</th>
              </tr>
            </thead>
            <tbody>
              <tr class="sop-group"><th scope="row">A</th><td colspan={columns - 1}>Ketentuan Pelaksanaan Perbaikan Secara Remote</td></tr>
              {([['A1', sop.provisions.a1], ['A2', sop.provisions.a2]] as const).map(([code, p]) => (
                <tr>
                  <th scope="row">{code}</th>
                  <td colspan={columns - 1}>
                    <SopText text={p.intro} lang={lang} />
                    <ol class="sop-letters">{p.items.map((i: { code: string; text: Text }) => <li>{`${i.code}. `}<SopText text={i.text} lang={lang} /></li>)}</ol>
                  </td>
                </tr>
              ))}
              <tr class="sop-group"><th scope="row">B</th><td colspan={columns - 1}>Prosedur Pelaksanaan Perbaikan Secara Remote</td></tr>
              {sop.steps.map((s, i) => (
                <tr id={`step-${s.code}`} class="sop-step">
                  <th scope="row">{s.code}</th>
                  <td><SopText text={s.activity} lang={lang} /></td>
                  <td class="sop-flow-cell" colspan={roles.length}>
                    {flow.rows[i] && <SopFlowRowSvg row={flow.rows[i]} flow={flow} lang={lang} />}
                    {/* The terminator's word as the signed document writes it in this column: "(Mulai)", "(Selesai)". */}
                    {flow.rows[i]?.node.kind === 'start' && <span class="visually-hidden">{`(${t(lang, 'web.sop.start')})`}</span>}
                    {flow.rows[i]?.node.kind === 'end' && <span class="visually-hidden">{`(${t(lang, 'web.sop.end')})`}</span>}
                  </td>
                  <td><SopText text={s.requirement} lang={lang} /></td>
                  <td class="sop-time">{sopTimeText(s.timeStandardMinutes, lang)}</td>
                  <td><SopText text={s.output} lang={lang} /></td>
                  <td><SopText text={s.note} lang={lang} />{s.networkRestriction ? ` (${t(lang, 'sop.network_only', { network: s.networkRestriction })})` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </article>
    </Layout>
  );
}
