import type { Content, ContentTable, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import type { UiKey, UiParams } from '../../messages/ui-messages.js';
import type { CorrectableField } from '../../domain/case/repair-case.js';
import type { LocalTime } from '../format-time.js';
import { wordDate, wordDateTime } from '../format-time.js';
import type { NetworkRef, PersonRef } from '../view-models/case-view.js';
import type { CaseFormViewModel, SignatoryView } from '../view-models/case-form-view.js';
import { FORM_FONTS } from './pdf-fonts.js';
import { GRID, documentInfo, pageFooter } from './pdf-frame.js';
import { pdfSafe, spacedHash } from './pdf-text.js';

export interface FormLaporanOptions {
  readonly lang: Lang;
  readonly checkCode: string;
  /**
   * The installation's public check page (`JAGA_PUBLIC_URL` + `/verify`), when configured: the QR
   * code then opens it with the code filled in, and the text names it. Without: the QR code is the code.
   */
  readonly verifyUrl?: string | null;
}

/**
 * The Form Laporan Pelaksanaan Perbaikan Secara Remote (SOP-01's one piece of equipment) of one
 * case, as a pdfmake document: A4, the SOP identity block, the A2 fields, A1, the step table,
 * the gateway evidence, returns, the logbook record, the signature block and the check code with
 * its QR code. Pure: the same view model, language and code give the same document (the PDF
 * adapter turns it into the same bytes: its metadata dates are the record's, not the clock's).
 * Every text a person wrote passes `pdfSafe`; every label comes from the catalogue.
 */
export function formLaporanDocument(v: CaseFormViewModel, opts: FormLaporanOptions): TDocumentDefinitions {
  const { lang, checkCode } = opts;
  const c = v.case;
  const w = new FormWords(lang);
  const date = v.documentDate ? new Date(v.documentDate.utc) : new Date(c.report.at.utc);
  // Sections are numbered as they appear (the returns section only when there was a return).
  let sections = 0;
  // headlineLevel: a heading is never left alone at the foot of a page (pageBreakBefore below).
  const section = (text: string): Content => ({ text: `${ROMAN[sections++] ?? sections}. ${text}`, style: 'section', headlineLevel: 1 });
  const content: Content[] = [
    identityBlock(v, w),
    { text: w.t('report.form.title'), style: 'title', margin: [0, 12, 0, 2] },
    { text: `${w.t('report.form.case_number')}: ${pdfSafe(c.id)}`, style: 'subtitle' },
    { text: w.t('report.form.times_in', { zone: `${c.unit.zone} (${pdfSafe(c.unit.timeZone)})` }), style: 'note', alignment: 'center', margin: [0, 0, 0, 8] },
    section(w.t('report.form.section.report')),
    labelled([
      [w.t('report.form.unit'), pdfSafe(c.unit.name ?? c.unit.id) + (c.unit.code ? ` (${pdfSafe(c.unit.code)})` : '')],
      ...(c.target ? [[w.t('report.form.target'), pdfSafe(c.target.name ?? c.target.id) +
        (c.target.host ? ` (${pdfSafe(c.target.loginAccount ?? '?')}@${pdfSafe(c.target.host)})` : '')] as Row] : []),
      [w.t('report.form.system'), pdfSafe(c.report.system)],
      [w.t('report.form.reported'), `${w.when(c.report.at)}; ${w.t('report.form.reporter')}: ${w.person(c.report.reporter)}`],
      [w.t('report.form.description'), pdfSafe(c.report.description)],
      [w.t('report.form.urgency'), t(lang, `case.urgency.${c.report.urgency}`)],
      ...(c.acknowledgement ? [
        [w.t('report.form.classification'), pdfSafe(c.acknowledgement.classification)],
        [w.t('report.form.impact'), pdfSafe(c.acknowledgement.impact)],
        [w.t('report.form.executor'), w.person(c.acknowledgement.executor)],
      ] as Row[] : []),
      [w.t('report.form.status'), t(lang, `case.status.${c.status}`)],
    ]),
    section(w.t('report.form.section.a2')),
    a2Table(v, w),
    section(w.t('report.form.section.a1')),
    a1Table(v, w),
    section(w.t('report.form.section.steps')),
    stepTable(v, w),
    section(w.t('report.form.section.sessions')),
    ...sessionsBlock(v, w),
    section(w.t('report.form.section.transfers')),
    transfersBlock(v, w),
    ...(c.returns.length > 0 ? [section(w.t('report.form.section.returns')), returnsTable(v, w)] : []),
    section(w.t('report.form.section.logbook')),
    logbookTable(v, w),
    signatureBlock(v, w),
    checkBlock(checkCode, opts.verifyUrl ?? null, w),
  ];
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    // A section heading in the last eighth of a page starts the next one instead, with its table.
    pageBreakBefore: (node) => node.headlineLevel === 1 && node.startPosition.verticalRatio > 0.875,
    pageMargins: [42, 40, 42, 46],
    info: documentInfo({ title: `${t(lang, 'report.form.subtitle')} — ${c.id}`, author: c.unit.name ?? c.unit.id, subject: `${v.sop.code} ${v.sop.version} ${v.sop.number}` }, date),
    footer: pageFooter(lang, `${v.sop.code} · ${t(lang, 'report.form.subtitle')} · ${pdfSafe(c.id)}`, { side: 42, top: 14 },
      `${w.t('report.form.check.code')} ${checkCode}`),
    content,
    defaultStyle: { font: FORM_FONTS.sans, fontSize: 8.5, lineHeight: 1.15 },
    styles: {
      title: { font: FORM_FONTS.serif, fontSize: 13, bold: true, alignment: 'center' },
      subtitle: { fontSize: 9.5, bold: true, alignment: 'center' },
      section: { fontSize: 9.5, bold: true, margin: [0, 10, 0, 4] },
      th: { bold: true, fontSize: 8, alignment: 'center', fillColor: '#e6e6e6' },
      label: { bold: true },
      note: { fontSize: 7.5, color: '#333333' },
      small: { fontSize: 7.5 },
      hash: { fontSize: 7, characterSpacing: 0.2 },
      footer: { fontSize: 7, color: '#444444' },
      identityIssuer: { font: FORM_FONTS.serif, fontSize: 10, bold: true, alignment: 'center' },
    },
  };
}

type Row = [string, string | Content];

/** Words of the form in one language, and how it writes times and people. */
class FormWords {
  constructor(readonly lang: Lang) {}
  t<K extends UiKey>(key: K, ...params: keyof UiParams<K> extends never ? [] : [UiParams<K>]): string { return t(this.lang, key, ...params); }
  when(x: LocalTime | null): string { return wordDateTime(x, this.lang); }
  day(x: LocalTime | null): string { return wordDate(x, this.lang); }
  person(p: PersonRef): string {
    if (p.username === null) return pdfSafe(p.id);
    return p.name && p.name !== p.username ? `${pdfSafe(p.name)} (${pdfSafe(p.username)})` : pdfSafe(p.username);
  }
  network(n: NetworkRef): string {
    const kind = n.intranet === null ? '' : ` (${this.t(n.intranet ? 'report.form.network_intranet' : 'report.form.network_not_intranet')})`;
    const warning = n.warning ? `; ${t(this.lang, 'network.public_office_warning', { cidrs: n.warning.cidrs.join(', '), confirmed: n.warning.confirmed })}` : '';
    return `${pdfSafe(n.name ?? n.id)}${kind}${warning}`;
  }
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const th = (text: string): TableCell => ({ text, style: 'th' });

/** A ruled table; a row is kept on one page (a long text cell is the exception: `labelled` lets it break). */
function grid(widths: (number | string)[], header: string[] | null, rows: TableCell[][], opts: { breakRows?: boolean } = {}): ContentTable {
  return {
    table: { widths, headerRows: header ? 1 : 0, keepWithHeaderRows: header ? 1 : 0, dontBreakRows: !opts.breakRows, body: [...(header ? [header.map(th)] : []), ...rows] },
    layout: GRID,
  };
}

/** Label | value rows, labels bold on a light fill; a label starting with a space is a sub-field, indented. */
function labelled(rows: Row[]): ContentTable {
  return grid([150, '*'], null, rows.map(([label, value]) => [
    { text: label.trimStart(), style: 'label', fillColor: '#f3f3f3', ...(label.startsWith(' ') ? { margin: [10, 0, 0, 0] } : {}) },
    typeof value === 'string' ? { text: value } : value,
  ]), { breakRows: true });
}

function identityBlock(v: CaseFormViewModel, w: FormWords): Content {
  const issuer = v.sop.issuer[w.lang].split(' — ').map((line) => pdfSafe(line));
  return grid([210, '*'], null, [[
    { stack: [...issuer.map((text) => ({ text, style: 'identityIssuer' })), { text: pdfSafe(v.sop.series[w.lang]), style: 'note', alignment: 'center', margin: [0, 4, 0, 0] }],
      margin: [0, 4, 0, 4] },
    {
      table: {
        widths: [85, '*'],
        body: ([
          [w.t('report.form.sop_number'), pdfSafe(v.sop.number)],
          [w.t('report.form.sop_title'), pdfSafe(v.sop.title[w.lang])],
          [w.t('report.form.sop_version'), `${pdfSafe(v.sop.code)} ${pdfSafe(v.sop.version)}`],
          [w.t('report.form.effective_on'), wordDate(localDay(v.sop.effectiveOn), w.lang)],
        ] as [string, string][]).map(([a, b], i) => [{ text: a, style: 'label' }, { text: b, bold: i === 1 }]),
      },
      layout: { ...GRID, hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.6), vLineWidth: (i) => (i === 1 ? 0.6 : 0) },
      margin: [-4, -3, -4, -3],
    },
  ]]);
}

/** A calendar date of the SOP (YYYY-MM-DD) as a LocalTime at noon UTC, so every zone words the same day. */
export function localDay(isoDate: string): LocalTime {
  return { utc: `${isoDate}T12:00:00.000Z`, timeZone: 'UTC', zone: 'UTC', date: isoDate, time: '12:00' };
}

function a2Table(v: CaseFormViewModel, w: FormWords): Content {
  const c = v.case;
  const networks: Content = c.a2.networks.length === 0 ? { text: '—' } : {
    ul: c.a2.networks.map((n) => {
      const notes = [...(n.statedAtB2 ? [w.t('report.form.network_stated')] : []), ...(n.accesses > 0 ? [t(w.lang, 'case.a2.access_count', { count: n.accesses })] : [])];
      return `${w.network(n)}${notes.length ? ` — ${notes.join('; ')}` : ''}`;
    }),
  };
  const analysis: Content = {
    stack: [
      { text: w.t('report.form.b4'), bold: true },
      { text: c.restoration ? pdfSafe(c.restoration.initialFix) : '—' },
      ...(c.restoration ? [{ text: w.t('report.form.recorded_by', { who: w.person(c.restoration.by), when: w.when(c.restoration.at) }), style: 'note', margin: [0, 1, 0, 4] } as Content] : []),
      { text: w.t('report.form.b5_root_cause'), bold: true },
      { text: c.rootCause ? pdfSafe(c.rootCause.rootCause) : '—', margin: [0, 0, 0, 3] },
      { text: w.t('report.form.b5_permanent_fix'), bold: true },
      { text: c.rootCause ? pdfSafe(c.rootCause.permanentFix) : '—' },
      ...(c.rootCause ? [{ text: w.t('report.form.recorded_by', { who: w.person(c.rootCause.by), when: w.when(c.rootCause.at) }), style: 'note', margin: [0, 1, 0, 0] } as Content] : []),
    ],
  };
  const prep = c.preparation;
  return labelled([
    [w.t('report.form.a2.location'), c.a2.location === null ? '—' : pdfSafe(c.a2.location)],
    [w.t('report.form.a2.networks'), networks],
    [w.t('report.form.a2.date'), c.a2.date === null ? '—' : wordDate(c.a2.accessStart, w.lang)],
    [w.t('report.form.a2.access_start'), w.when(c.a2.accessStart)],
    [w.t('report.form.a2.access_end'), w.when(c.a2.accessEnd)],
    ...(prep ? [[w.t('report.form.workstation'), pdfSafe(prep.workstation.assetTag ?? prep.workstation.id)] as Row] : []),
    [w.t('report.form.a2.analysis'), analysis],
  ]);
}

function a1Table(v: CaseFormViewModel, w: FormWords): Content {
  const prep = v.case.preparation;
  if (!prep) return { text: '—' };
  return grid([22, '*', 48, 170], [w.t('report.form.col.no'), w.t('report.form.col.provision'), w.t('report.form.col.result'), w.t('report.form.col.remarks')],
    prep.checks.map((ch) => [
      { text: `A1${ch.code}`, alignment: 'center' },
      { text: ch.provision ? pdfSafe(ch.provision[w.lang]) : '—' },
      { text: t(w.lang, ch.passed ? 'case.a1.ok' : 'case.a1.failed') + (ch.mandatory ? '' : `\n(${t(w.lang, 'case.a1.optional')})`), alignment: 'center', bold: !ch.passed },
      { text: pdfSafe(ch.reason[w.lang]) },
    ]));
}

const minutesBetween = (a: LocalTime, b: LocalTime): number => Math.ceil((Date.parse(b.utc) - Date.parse(a.utc)) / 60_000);

function stepTable(v: CaseFormViewModel, w: FormWords): Content {
  return grid([22, '*', 44, 66, 66, 40, 112], [
    w.t('report.form.col.no'), w.t('report.form.col.step'), w.t('report.form.col.standard'), w.t('report.form.col.started'),
    w.t('report.form.col.completed'), w.t('report.form.col.actual'), w.t('report.form.col.deviation'),
  ], v.case.timeline.map((row) => {
    const actual = row.startedAt && row.completedAt ? w.t('report.form.minutes', { minutes: minutesBetween(row.startedAt, row.completedAt) }) : '—';
    const dev = row.deviation;
    const deviation: string = dev
      ? [w.t('report.form.late', { minutes: dev.overMinutes }),
        dev.explanation ? w.t('report.form.explanation', { text: pdfSafe(dev.explanation.text) }) : w.t('report.form.unexplained')].join('\n')
      : row.judged ? w.t('report.form.judged_at_first_close')
        : row.standardMinutes !== null && row.completedAt ? w.t('report.form.on_time') : '—';
    return [
      { text: row.step, alignment: 'center', bold: true },
      { text: t(w.lang, `case.step.${row.step}`) },
      { text: row.standardMinutes === null ? w.t('report.form.no_standard') : w.t('report.form.minutes', { minutes: row.standardMinutes }), alignment: 'center' },
      { text: w.when(row.startedAt), style: 'small' },
      { text: row.completedAt ? w.when(row.completedAt) : t(w.lang, row.state === 'in_progress' ? 'case.timeline.in_progress' : 'case.timeline.not_started'), style: 'small' },
      { text: actual, alignment: 'center' },
      { text: deviation, bold: dev !== null && dev.explanation === null, style: 'small' },
    ];
  }));
}

function sessionsBlock(v: CaseFormViewModel, w: FormWords): Content[] {
  const manual = v.case.accesses.filter((a) => a.via === 'manual').length;
  const note: Content[] = manual > 0 ? [{ text: w.t('report.form.manual_access', { count: manual }), style: 'note', margin: [0, 3, 0, 0] }] : [];
  if (v.sessions.length === 0) return [{ text: w.t('report.form.none_sessions') }, ...note];
  return [grid([16, 88, 62, 72, 62, '*'], [
    w.t('report.form.col.no'), w.t('report.form.col.time'), w.t('report.form.col.source'), w.t('report.form.col.network'),
    w.t('report.form.col.workstation'), w.t('report.form.col.recording'),
  ], v.sessions.map((s, i) => [
    { text: String(i + 1), alignment: 'center' },
    { text: `${w.when(s.startedAt)} –\n${s.endedAt ? w.when(s.endedAt) : w.t('report.form.still_open')}\n${w.person(s.user)}`, style: 'small' },
    { text: pdfSafe(s.sourceIp) },
    { text: w.network(s.network) },
    { text: pdfSafe(s.workstation) },
    s.recordings.length === 0 ? { text: w.t('report.form.none_recording'), style: 'note' }
      : { stack: s.recordings.map((r) => ({ text: `${r.channel}: ${spacedHash(r.sha256)}`, style: 'hash' })) },
  ])), ...note];
}

function transfersBlock(v: CaseFormViewModel, w: FormWords): Content {
  if (v.transfers.length === 0) return { text: w.t('report.form.none_transfers') };
  return grid([80, 58, '*', 50, 130], [
    w.t('report.form.col.time'), w.t('report.form.col.direction'), w.t('report.form.col.path'), w.t('report.form.col.size'), w.t('report.form.col.sha256'),
  ], v.transfers.map((x) => [
    { text: w.when(x.at), style: 'small' },
    { text: `${w.t(x.op === 'upload' ? 'report.form.upload' : 'report.form.download')} (${pdfSafe(x.protocol)})`, style: 'small' },
    { text: pdfSafe(x.path) },
    { text: w.t('report.form.bytes', { bytes: x.bytes.toLocaleString(w.lang === 'id' ? 'id-ID' : 'en-GB') }), alignment: 'right' },
    { text: x.sha256 ? spacedHash(x.sha256) : '—', style: 'hash' },
  ]));
}

const CORRECTED_FIELD: Readonly<Record<CorrectableField, 'report.form.b4' | 'report.form.b5_root_cause' | 'report.form.b5_permanent_fix'>> = {
  initialFix: 'report.form.b4', rootCause: 'report.form.b5_root_cause', permanentFix: 'report.form.b5_permanent_fix',
};

function returnsTable(v: CaseFormViewModel, w: FormWords): Content {
  const c = v.case;
  return labelled(c.returns.map((r, i): Row => {
    const until = c.returns[i + 1]?.at.utc;
    const corrections = c.corrections.filter((x) => x.at.utc >= r.at.utc && (until === undefined || x.at.utc < until));
    return [`${w.t('report.form.return', { n: i + 1 })}\n${w.when(r.at)}\n${w.person(r.by)}`, {
      stack: [
        { text: [{ text: `${w.t('report.form.return_reason')}: `, bold: true }, pdfSafe(r.reason)] },
        ...corrections.flatMap((x): Content[] => [
          { text: w.t('report.form.corrected', { field: w.t(CORRECTED_FIELD[x.field]), who: w.person(x.by), when: w.when(x.at) }), style: 'note', margin: [0, 3, 0, 0] },
          { text: pdfSafe(x.after) },
          { text: `${w.t('report.form.before_correction')}: ${pdfSafe(x.before)}`, style: 'note', color: '#555555' },
        ]),
      ],
    }];
  }));
}

function logbookTable(v: CaseFormViewModel, w: FormWords): Content {
  const entry = (e: CaseFormViewModel['closingEntry'], none: string): Content => (e
    ? { stack: [{ text: w.t('report.form.entry', { seq: e.seq, when: w.when(e.at) }) }, { text: spacedHash(e.hash), style: 'hash' }] }
    : { text: none });
  const c = v.case;
  return labelled([
    [w.t('report.form.closing_entry'), entry(v.closingEntry, '—')],
    ...(c.closure?.notes ? [[w.t('report.form.closing_notes'), pdfSafe(c.closure.notes)] as Row] : []),
    [w.t('report.form.approval_entry'), entry(v.approvalEntry, w.t('report.form.not_approved'))],
    ...(c.approval?.notes ? [[w.t('report.form.approval_notes'), pdfSafe(c.approval.notes)] as Row] : []),
  ]);
}

function signatureBlock(v: CaseFormViewModel, w: FormWords): Content {
  // The SOP's own words for its three signatures; the catalogue's for a revision that leaves one out.
  const label = (key: 'mengetahui' | 'dibuat_oleh' | 'menyetujui'): string => v.sop.signatures.find((s) => s.key === key)?.label[w.lang]
    ?? w.t(`report.form.sign.${key}`);
  const role = (s: SignatoryView | null): string => (s?.person.role ? w.t(`report.form.role.${s.person.role}`) : '');
  const name = (who: SignatoryView | null): TableCell => (who
    ? { text: who.person.name ? pdfSafe(who.person.name) : w.person(who.person), bold: true, decoration: 'underline' }
    : { text: w.t('report.form.sign.name_blank') });
  const nip = (who: SignatoryView | null): TableCell => ({
    text: who?.nip ? w.t('report.form.sign.nip', { nip: pdfSafe(who.nip) }) : w.t('report.form.sign.nip_blank'), style: 'small' });
  const knownBy = v.sop.signatures.find((s) => s.key === 'mengetahui');
  const place = pdfSafe(v.case.unit.name ?? v.case.unit.code ?? '');
  const signers = [null, v.preparedBy, v.approvedBy] as const;
  // One row per line of the block, so names and NIPs line up across the three columns whatever the positions' lengths.
  const body: TableCell[][] = [
    [' ', v.preparedBy ? w.t('report.form.sign.place_date', { place, date: w.day(v.preparedBy.at) }) : ' ',
      v.approvedBy ? w.t('report.form.sign.approved_on', { when: w.day(v.approvedBy.at) }) : w.t('report.form.sign.awaiting')]
      .map((text) => ({ text, style: 'small' })),
    [label('mengetahui'), label('dibuat_oleh'), label('menyetujui')].map((text) => ({ text, bold: true })),
    [knownBy ? pdfSafe(knownBy.position[w.lang]) : '', role(v.preparedBy), role(v.approvedBy) || w.t('report.form.role.koordinator')]
      .map((text) => ({ text, style: 'small' })),
    signers.map(() => ({ text: ' ', margin: [0, 0, 0, 34] })),
    signers.map(name),
    signers.map(nip),
  ];
  return {
    unbreakable: true,
    margin: [0, 16, 0, 0],
    table: { widths: ['*', '*', '*'], body: body.map((row) => row.map((cell) => ({ ...(cell as object), alignment: 'center' }) as TableCell)) },
    layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingTop: () => 1, paddingBottom: () => 1, paddingLeft: () => 6, paddingRight: () => 6 },
  };
}

function checkBlock(code: string, verifyUrl: string | null, w: FormWords): Content {
  return {
    unbreakable: true,
    margin: [0, 18, 0, 0],
    table: {
      widths: [78, '*'],
      body: [[
        { qr: verifyUrl === null ? code : `${verifyUrl}?code=${code}`, fit: 72, eccLevel: 'M', margin: [0, 0, 0, 0] },
        { stack: [
          { text: w.t('report.form.check.heading'), bold: true },
          { text: [{ text: `${w.t('report.form.check.code')}: `, bold: true }, { text: code, bold: true, fontSize: 12 }], margin: [0, 2, 0, 3] },
          { text: verifyUrl === null ? w.t('report.form.check.how') : w.t('report.form.check.how_page', { url: pdfSafe(verifyUrl) }), style: 'note' },
        ] },
      ]],
    },
    layout: GRID,
  };
}
