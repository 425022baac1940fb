import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { EvaluationTableRow, SopEvaluationData } from '../../app/report/sop-evaluation-data.js';
import type { PersonRecord } from '../../app/case/get-case-view.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import type { UiKey, UiParams } from '../../messages/ui-messages.js';
import { formatDate } from '../format-time.js';
import { minutesText, trendChartSvg } from '../sop-evaluation-chart.js';
import { FORM_FONTS } from './pdf-fonts.js';
import { GRID, documentInfo, pageFooter } from './pdf-frame.js';
import { pdfSafe } from './pdf-text.js';

/**
 * The SOP monitoring and evaluation as a pdfmake document: A4 landscape, the identity of the SOP,
 * unit and period, Tabel 7 of PermenPAN-RB 35/2012 (No. | Prosedur | Penilaian terhadap penerapan
 * | Catatan hasil penilaian | Tindakan yang harus diambil | Paraf penilai), the evaluation per step,
 * the deviations with their explanations, and the two monthly trends as SVG (vectors, not images).
 * Pure: the same data and language give the same document; its dates are the data's.
 */
export function sopEvaluationDocument(v: SopEvaluationData, opts: { readonly lang: Lang }): TDocumentDefinitions {
  const { lang } = opts;
  const w = <K extends UiKey>(key: K, ...params: keyof UiParams<K> extends never ? [] : [UiParams<K>]): string => t(lang, key, ...params);
  const zone = v.unit?.timeZone ?? 'Asia/Jakarta';
  const day = (d: string): string => formatDate(`${d}T12:00:00.000Z`, 'UTC', lang);
  const unitName = v.unit ? `${pdfSafe(v.unit.name)} (${pdfSafe(v.unit.code)})` : w('report.evaluation.all_units');
  let sections = 0;
  const section = (text: string): Content => ({ text: `${ROMAN[sections++] ?? sections}. ${text}`, style: 'section', headlineLevel: 1 });
  const date = new Date(v.documentDate);
  const ev = v.evaluation;
  const content: Content[] = [
    { text: pdfSafe(v.sop.issuer[lang]), style: 'issuer' },
    { text: w('report.evaluation.title'), style: 'title', margin: [0, 6, 0, 8] },
    labelled([
      [w('report.evaluation.sop'), `${pdfSafe(v.sop.number)} — ${pdfSafe(v.sop.title[lang])} (${pdfSafe(v.sop.code)} ${pdfSafe(v.sop.version)})`],
      [w('report.evaluation.unit'), unitName],
      [w('report.evaluation.period'), w('report.evaluation.period_value', { from: day(v.period.from), to: day(v.period.to) })],
      [w('report.evaluation.cases'), w('report.evaluation.cases_value', { cases: ev.cases, closed: ev.closed, cancelled: ev.cancelled })],
      [w('report.evaluation.threshold'), w('report.evaluation.threshold_value', { pct: minutesText(v.thresholdPercent, lang) })],
    ]),
    section(w('report.evaluation.section.monitoring')),
    monitoringTable(v, lang, zone),
    ...(v.unit ? [] : [{ text: w('report.evaluation.notes_unit_only'), style: 'note', margin: [0, 3, 0, 0] } as Content]),
    section(w('report.evaluation.section.steps')),
    stepsTable(v, lang),
    { text: w('report.evaluation.p90_note'), style: 'note', margin: [0, 3, 0, 0] },
    section(w('report.evaluation.section.deviations')),
    deviationsTable(v, lang),
    // headlineLevel 2: the heading starts a new page unless its charts (170 pt) fit below it.
    { ...(section(w('report.evaluation.section.trend')) as object), headlineLevel: 2 } as Content,
    {
      columns: (['restore', 'root_cause'] as const).map((metric) => ({ svg: trendChartSvg(ev.trend, metric, lang, { width: 370, font: FORM_FONTS.sans }), width: 370 })),
      columnGap: 16,
    },
  ];
  const subject = `${v.sop.code} ${v.sop.version} · ${v.unit?.code ?? '*'} · ${v.period.from}…${v.period.to}`;
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    // A section heading in the last part of a page starts the next one instead, with what follows it.
    pageBreakBefore: (node) => (node.headlineLevel === 1 && node.startPosition.verticalRatio > 0.85) || (node.headlineLevel === 2 && node.startPosition.verticalRatio > 0.6),
    pageMargins: [36, 34, 36, 40],
    info: documentInfo({ title: `${t(lang, 'report.evaluation.subtitle')} — ${subject}`, author: v.unit?.name ?? 'Jaga', subject }, date),
    footer: pageFooter(lang, `${v.sop.code} · ${t(lang, 'report.evaluation.subtitle')} · ${v.unit ? pdfSafe(v.unit.code) : t(lang, 'report.evaluation.all_units')} · ${v.period.from} – ${v.period.to}`,
      { side: 36, top: 12 }),
    content,
    defaultStyle: { font: FORM_FONTS.sans, fontSize: 8.5, lineHeight: 1.15 },
    styles: {
      issuer: { font: FORM_FONTS.serif, fontSize: 10, bold: true, alignment: 'center' },
      title: { font: FORM_FONTS.serif, fontSize: 13, bold: true, alignment: 'center' },
      section: { fontSize: 9.5, bold: true, margin: [0, 10, 0, 4] },
      th: { bold: true, fontSize: 8, alignment: 'center', fillColor: '#e6e6e6' },
      label: { bold: true },
      note: { fontSize: 7.5, color: '#333333' },
      small: { fontSize: 7.5 },
      footer: { fontSize: 7, color: '#444444' },
    },
  };
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'];

const th = (text: string, extra: Record<string, unknown> = {}): TableCell => ({ text, style: 'th', ...extra });

function labelled(rows: [string, string][]): Content {
  return {
    table: { widths: [150, '*'], body: rows.map(([a, b]) => [{ text: a, style: 'label', fillColor: '#f3f3f3' }, { text: b }]) },
    layout: GRID,
  };
}

const person = (p: PersonRecord | null): string => (p === null ? '—' : p.displayName && p.displayName !== p.username
  ? `${pdfSafe(p.displayName)} (${pdfSafe(p.username)})` : pdfSafe(p.username));

/** The measured basis of a row's proposal, under the procedure's text. */
function basis(v: SopEvaluationData, row: EvaluationTableRow, lang: Lang): string {
  const s = v.evaluation.steps.find((x) => x.step === row.step);
  if (!s || s.standardMinutes === null) return t(lang, 'report.evaluation.basis_no_standard');
  if (s.cases === 0 || s.met === null || s.metShare === null) return t(lang, 'report.evaluation.basis_no_cases');
  return t(lang, 'report.evaluation.basis', { minutes: s.standardMinutes, met: s.met, cases: s.cases, pct: minutesText(Math.round(s.metShare * 1000) / 10, lang) });
}

function monitoringTable(v: SopEvaluationData, lang: Lang, zone: string): Content {
  const mark = (row: EvaluationTableRow, a: 'baik' | 'tidak_baik'): TableCell => {
    if (row.assessment !== a) return { text: '' };
    const how = row.overridden ? t(lang, 'report.evaluation.overridden', { reason: pdfSafe(row.reason ?? '') }) : t(lang, 'report.evaluation.proposed');
    return { stack: [{ text: '√', fontSize: 12, bold: true, alignment: 'center' }, { text: `(${how})`, style: 'note', alignment: 'center' }] };
  };
  const body: TableCell[][] = [
    [th(t(lang, 'report.evaluation.col.no'), { rowSpan: 2 }), th(t(lang, 'report.evaluation.col.procedure'), { rowSpan: 2 }),
      th(t(lang, 'report.evaluation.col.assessment'), { colSpan: 2 }), th(''),
      th(t(lang, 'report.evaluation.col.notes'), { rowSpan: 2 }), th(t(lang, 'report.evaluation.col.action'), { rowSpan: 2 }), th(t(lang, 'report.evaluation.col.paraf'), { rowSpan: 2 })],
    [th(''), th(''), th(t(lang, 'report.evaluation.col.good')), th(t(lang, 'report.evaluation.col.not_good')), th(''), th(''), th('')],
    ...v.table.map((row, i): TableCell[] => [
      { text: `${i + 1}.`, alignment: 'center' },
      { stack: [{ text: [{ text: `${row.step}. `, bold: true }, pdfSafe(row.procedure[lang])] }, { text: basis(v, row, lang), style: 'note', margin: [0, 2, 0, 0] }] },
      row.assessment === null ? { text: t(lang, 'report.evaluation.not_assessed'), colSpan: 2, alignment: 'center', style: 'note' } : mark(row, 'baik'),
      row.assessment === null ? { text: '' } : mark(row, 'tidak_baik'),
      { text: row.notes ? pdfSafe(row.notes) : '' },
      { text: row.action ? pdfSafe(row.action) : '' },
      { text: row.assessor ? t(lang, 'report.evaluation.paraf', { name: person(row.assessor), when: formatDate(row.updatedAt, zone, lang) }) : '', style: 'small' },
    ]),
  ];
  // Rows may break across pages: a long note (up to 10 000 characters) goes on under the repeated header.
  return { table: { widths: [20, '*', 70, 70, 135, 135, 80], headerRows: 2, keepWithHeaderRows: 1, body }, layout: GRID };
}

function stepsTable(v: SopEvaluationData, lang: Lang): Content {
  const min = (n: number | null): string => (n === null ? '—' : t(lang, 'report.evaluation.minutes', { n: minutesText(n, lang) }));
  const body: TableCell[][] = [
    ['col.step', 'col.standard', 'col.cases', 'col.met', 'col.share', 'col.mean', 'col.p90', 'col.deviations'].map((k) => th(t(lang, `report.evaluation.${k}` as UiKey as 'report.evaluation.col.step'))),
    ...v.evaluation.steps.map((s): TableCell[] => [
      { text: s.step, bold: true, alignment: 'center' },
      { text: min(s.standardMinutes), alignment: 'right' },
      { text: String(s.cases), alignment: 'right' },
      { text: s.met === null ? '—' : String(s.met), alignment: 'right' },
      { text: s.metShare === null ? '—' : `${minutesText(Math.round(s.metShare * 1000) / 10, lang)} %`, alignment: 'right' },
      { text: min(s.meanMinutes), alignment: 'right' },
      { text: min(s.p90Minutes), alignment: 'right' },
      { text: `${s.deviations} (${s.explained})`, alignment: 'right' },
    ]),
  ];
  return { table: { widths: [40, '*', '*', '*', '*', '*', '*', '*'], headerRows: 1, body }, layout: GRID };
}

function deviationsTable(v: SopEvaluationData, lang: Lang): Content {
  const devs = v.evaluation.deviations;
  if (devs.length === 0) return { text: t(lang, 'report.evaluation.no_deviations') };
  const body: TableCell[][] = [
    ['col.no', 'col.case', 'col.step', 'col.over', 'col.explanation', 'col.by'].map((k) => th(t(lang, `report.evaluation.${k}` as 'report.evaluation.col.no'))),
    ...devs.map((d, i): TableCell[] => [
      { text: `${i + 1}.`, alignment: 'center' },
      { text: pdfSafe(d.caseId) + (v.unit ? '' : `\n${pdfSafe(d.unitCode)}`), style: 'small' },
      { text: d.step, alignment: 'center', bold: true },
      { text: t(lang, 'report.evaluation.minutes', { n: minutesText(d.overMinutes, lang) }), alignment: 'right' },
      d.explanation === null ? { text: t(lang, 'report.evaluation.not_explained'), italics: true, color: '#8a1c1c' } : { text: pdfSafe(d.explanation) },
      { text: person(d.explainedBy), style: 'small' },
    ]),
  ];
  return { table: { widths: [20, 150, 40, 60, '*', 120], headerRows: 1, body }, layout: GRID };
}
