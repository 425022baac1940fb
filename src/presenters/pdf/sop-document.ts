import type { CanvasElement, Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { SopDefinition, SopStep, Text } from '../../domain/sop/sop-definition.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import type { FlowRow, SopFlowchart } from '../sop-flowchart.js';
import { BOX_HEIGHT, MIN_ROW_HEIGHT, flowYIn, sopFlowchart } from '../sop-flowchart.js';
import { sopDocDate, sopRoleLabel, sopTimeText } from '../sop-text.js';
import type { PdfTextMeasure } from './pdf-measure.js';
import { textHeight } from './pdf-measure.js';
import { FORM_FONTS } from './pdf-fonts.js';
import { GRID, GRID_PADDING, GRID_RULE, documentInfo, pageFooter } from './pdf-frame.js';
import { pdfSafe } from './pdf-text.js';

/**
 * The SOP itself as the signed document sets it out (PermenPAN-RB 35/2012): a portrait approval
 * sheet (Lembar Pengesahan: issuer, title, the three signatures), then on A4 landscape the
 * identity block (Nomor SOP, dates, Disahkan Oleh, Nama SOP), the header table (Dasar Hukum …
 * Keterkaitan) and the activity table: provisions A, then each step with its executor columns
 * drawn as the flowchart (`sopFlowchart`: terminators, process boxes, arrows) and its mutu baku
 * beside it. Any stored definition renders (any number of steps and executors). Pure: the same
 * definition and language give the same document; its dates are the SOP's, not the clock's.
 * `measure` (the PDF adapter's, with the embedded fonts) sizes each step's row before pdfmake lays
 * it out, so the flowchart's pieces meet from row to row.
 */
export function sopDocument(sop: SopDefinition, opts: { readonly lang: Lang; readonly measure: PdfTextMeasure }): TDocumentDefinitions {
  const { lang } = opts;
  const date = new Date(`${sop.identity.effectiveOn}T00:00:00.000Z`);
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [36, 36, 36, 40],
    info: documentInfo({ title: `${sop.code} ${sop.version} — ${pdfSafe(pick(sop.identity.title, lang))}`, author: pdfSafe(pick(sop.identity.issuer, lang)),
      subject: `${sop.identity.number}` }, date),
    footer: pageFooter(lang, `${pdfSafe(sop.code)} ${t(lang, 'sop.version')} ${pdfSafe(sop.version)} · ${pdfSafe(sop.identity.number)}`, { side: 36, top: 14 }),
    content: [
      ...approvalSheet(sop, lang),
      { ...(identityBlock(sop, lang) as object), pageBreak: 'before', pageOrientation: 'landscape' } as Content,
      headerTable(sop, lang),
      ...activityTable(sop, opts),
    ],
    defaultStyle: { font: FORM_FONTS.sans, fontSize: TEXT.size, lineHeight: TEXT.lineHeight },
    styles: {
      sheetTitle: { font: FORM_FONTS.serif, fontSize: 15, bold: true, alignment: 'center' },
      sheetLine: { font: FORM_FONTS.serif, fontSize: 12, bold: true, alignment: 'center' },
      issuer: { font: FORM_FONTS.serif, fontSize: 10.5, bold: true, alignment: 'center' },
      th: { bold: true, fontSize: 8, alignment: 'center', fillColor: '#e6e6e6' },
      field: { bold: true, fontSize: 8.5, margin: [0, 0, 0, 2] },
      note: { fontSize: 7.5, color: '#333333' },
      footer: { fontSize: 7, color: '#444444' },
      flowLabel: { fontSize: FLOW_LABEL_SIZE, bold: true },
    },
  };
}

/** The text style of a step's row (its height is measured with it). */
const TEXT = { size: 8, lineHeight: 1.15 } as const;
const FLOW_LABEL_SIZE = 7.5;
const CELL_PADDING_X = GRID_PADDING.x;
const CELL_PADDING_Y = GRID_PADDING.y;
const RULE = GRID_RULE;
/** A4 landscape, less the margins. */
const LANDSCAPE_WIDTH = 841.89 - 2 * 36;

const pick = (text: Text, lang: Lang): string => text[lang];
const safe = (text: Text | null, lang: Lang): string => (text === null ? '—' : pdfSafe(text[lang]));

/** The SOP's own name for a field, as written; in English with its rendering after it. */
function field(lang: Lang, key: SopFieldKey): string {
  return lang === 'id' ? t('id', key) : `${t('id', key)} (${t('en', key)})`;
}

type SopFieldKey = `report.sop.field.${'number' | 'created' | 'revised' | 'revision' | 'effective' | 'ratified' | 'name'
  | 'legal' | 'qualification' | 'summary' | 'equipment' | 'purpose' | 'records' | 'warnings' | 'definitions' | 'related'}`;

function issuerLines(sop: SopDefinition, lang: Lang): Content[] {
  return pick(sop.identity.issuer, lang).split(' — ').map((line) => ({ text: pdfSafe(line).toUpperCase(), style: 'issuer' }));
}

function approvalSheet(sop: SopDefinition, lang: Lang): Content[] {
  const id = sop.identity;
  return [
    ...(lang === 'en' ? [{ text: t(lang, 'report.sop.english_note'), style: 'note', alignment: 'center', margin: [0, 0, 0, 8] } as Content] : []),
    { text: t(lang, 'report.sop.approval_sheet'), style: 'sheetTitle', margin: [0, 60, 0, 16] },
    { text: 'STANDARD OPERATING PROCEDURES (SOP)', style: 'sheetLine', italics: false, margin: [0, 0, 0, 4] },
    { text: pdfSafe(pick(id.series, lang)).toUpperCase(), style: 'issuer', margin: [0, 0, 0, 28] },
    { text: pdfSafe(pick(id.title, lang)).toUpperCase(), style: 'sheetTitle', margin: [0, 0, 0, 28] },
    { stack: issuerLines(sop, lang), margin: [0, 0, 0, 70] },
    {
      table: {
        widths: ['*', '*', '*'],
        body: [
          id.signatures.map((s) => ({ text: `${pdfSafe(pick(s.label, lang)).toUpperCase()}:`, bold: true })),
          id.signatures.map(() => ({ text: ' ', margin: [0, 0, 0, 44] })),
          id.signatures.map((s) => ({ text: s.signedBy ? pdfSafe(s.signedBy) : t(lang, 'report.sop.unsigned'), bold: true, decoration: s.signedBy ? 'underline' : undefined })),
          id.signatures.map((s) => ({ text: safe(s.position, lang), fontSize: 8 })),
        ].map((row) => row.map((cell) => ({ ...cell, alignment: 'center' }) as TableCell)),
      },
      layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 8, paddingRight: () => 8, paddingTop: () => 1, paddingBottom: () => 1 },
    },
  ];
}

function identityBlock(sop: SopDefinition, lang: Lang): Content {
  const id = sop.identity;
  const rows: [string, string][] = [
    [field(lang, 'report.sop.field.number'), pdfSafe(id.number)],
    [field(lang, 'report.sop.field.created'), sopDocDate(id.createdOn)],
    [field(lang, 'report.sop.field.revised'), sopDocDate(id.revisedOn)],
    [field(lang, 'report.sop.field.revision'), id.revisionNumber === null ? '—' : pdfSafe(id.revisionNumber)],
    [field(lang, 'report.sop.field.effective'), sopDocDate(id.effectiveOn)],
    [field(lang, 'report.sop.field.ratified'), safe(id.ratifiedBy, lang)],
    [field(lang, 'report.sop.field.name'), pdfSafe(pick(id.title, lang)).toUpperCase()],
  ];
  return {
    table: {
      widths: [330, 140, '*'],
      body: rows.map(([label, value], i): TableCell[] => [
        i === 0 ? {
          rowSpan: rows.length,
          stack: [...issuerLines(sop, lang), { text: 'STANDARD OPERATING PROCEDURES (SOP)', bold: true, alignment: 'center', margin: [0, 10, 0, 2] },
            { text: pdfSafe(pick(id.series, lang)), style: 'note', alignment: 'center' },
            { text: `${pdfSafe(sop.code)} ${t(lang, 'sop.version')} ${pdfSafe(sop.version)}`, style: 'note', alignment: 'center', margin: [0, 2, 0, 0] }],
          margin: [0, 10, 0, 0],
        } : {},
        { text: label, bold: true },
        { text: value, bold: i === rows.length - 1 },
      ]),
    },
    layout: GRID,
  };
}

function numbered(items: readonly Text[], lang: Lang): Content {
  if (items.length === 0) return { text: '—' };
  return { ol: items.map((i) => pdfSafe(i[lang])) };
}

function headerTable(sop: SopDefinition, lang: Lang): Content {
  const cell = (key: SopFieldKey, body: Content): TableCell => ({ stack: [{ text: `${field(lang, key)} :`, style: 'field' }, body] });
  return {
    margin: [0, 8, 0, 0],
    table: {
      widths: ['*', '*'],
      dontBreakRows: true,
      body: [
        [cell('report.sop.field.legal', numbered(sop.legalBasis, lang)), cell('report.sop.field.qualification', numbered(sop.executorQualifications, lang))],
        [cell('report.sop.field.summary', { text: safe(sop.summary, lang) }), cell('report.sop.field.equipment', numbered(sop.equipment, lang))],
        [cell('report.sop.field.purpose', { text: safe(sop.purpose, lang) }), cell('report.sop.field.records', numbered(sop.records, lang))],
        [cell('report.sop.field.warnings', numbered(sop.warnings, lang)), cell('report.sop.field.definitions', sop.definitions.length === 0 ? { text: '—' } : {
          ol: sop.definitions.map((d) => ({ text: [{ text: pdfSafe(d.term[lang]), bold: true }, ` : ${pdfSafe(d.meaning[lang])}`] })),
        })],
        [cell('report.sop.field.related', numbered(sop.relatedSops, lang)), { text: '' }],
      ],
    },
    layout: GRID,
  };
}

/** The widths of the activity table's columns (content widths, paddings apart), for `executors` columns. */
function activityWidths(executors: number): { no: number; activity: number; executor: number; mutu: [number, number, number, number] } {
  const no = 24;
  const executor = Math.max(46, Math.min(78, 240 / executors));
  const mutu: [number, number, number, number] = [92, 44, 84, 96];
  const textColumns = 2 + mutu.length;
  const fixed = no + executor * executors + mutu.reduce((a, b) => a + b, 0) + textColumns * 2 * CELL_PADDING_X + (textColumns + executors + 1) * RULE;
  return { no, activity: Math.floor(LANDSCAPE_WIDTH - fixed - 1), executor, mutu };
}

/** Where the activity table's columns are on a landscape page: [x, width] in points, paddings apart (tests read the text of one column). */
export function sopActivityColumnsX(executors: number): Readonly<Record<'no' | 'activity' | 'executors' | 'requirement' | 'time' | 'output' | 'note', [number, number]>> {
  const w = activityWidths(executors);
  const widths = [w.no, w.activity, ...Array.from({ length: executors }, () => w.executor), ...w.mutu];
  const spans: [number, number][] = [];
  let x = 36 + RULE;
  widths.forEach((width, i) => {
    const pad = i >= 2 && i < 2 + executors ? 0 : CELL_PADDING_X;
    spans.push([x + pad, width]);
    x += 2 * pad + width + RULE;
  });
  const at = (i: number): [number, number] => spans[i] ?? [0, 0];
  const lastExecutor = at(1 + executors);
  return {
    no: at(0), activity: at(1), executors: [at(2)[0], lastExecutor[0] + lastExecutor[1] - at(2)[0]],
    requirement: at(2 + executors), time: at(3 + executors), output: at(4 + executors), note: at(5 + executors),
  };
}

function stepTexts(s: SopStep, lang: Lang): [string, string, string, string, string] {
  const note = [s.note ? pdfSafe(s.note[lang]) : '', s.networkRestriction ? `(${t(lang, 'sop.network_only', { network: pdfSafe(s.networkRestriction) })})` : '']
    .filter((x) => x !== '').join(' ');
  return [pdfSafe(s.activity[lang]), s.requirement ? pdfSafe(s.requirement[lang]) : '', sopTimeText(s.timeStandardMinutes, lang),
    s.output ? pdfSafe(s.output[lang]) : 'N/A', note];
}

/** A4 landscape's height for content, less the margins (36 top, 40 bottom) and a little slack. */
const LANDSCAPE_BODY = 595.28 - 36 - 40 - 6;
/** An off-page connector's height and half-width (the pentagon of PermenPAN-RB 35/2012 where the chart goes on over the page). */
const CONNECTOR = { h: 14, half: 7, gap: 4 } as const;
/** The least height of a row the chart leaves the page from (box, elbow, arrow, connector), and of one it enters a page in. */
const LAST_ON_PAGE = 92;
const FIRST_ON_PAGE = 72;

/**
 * The activity table, one table per page: the rows' heights are known before layout (measured,
 * erring tall), so the pages are cut here rather than by pdfmake, and where the chart goes on over
 * a page an off-page connector (a pentagon with a letter) ends the arrow at the foot of one page
 * and starts it again at the top of the next. Each page repeats the column headings.
 */
function activityTable(sop: SopDefinition, opts: { readonly lang: Lang; readonly measure: PdfTextMeasure }): Content[] {
  const { lang, measure } = opts;
  const flow = sopFlowchart(sop.steps);
  const n = flow.columns.length;
  const w = activityWidths(n);
  const columns = 2 + n + 4;
  const span = (content: TableCell, from: number): TableCell[] => [{ ...(content as object), colSpan: columns - from } as TableCell,
    ...Array.from({ length: columns - from - 1 }, () => ({}))];
  const th = (text: string, extra: object = {}): TableCell => ({ text, style: 'th', ...extra });
  const subject = pick(sop.identity.title, lang).replace(/^prosedur\s+/i, '');
  const roleLabels = flow.columns.map((r) => sopRoleLabel(r, lang));
  const mutuLabels = [t(lang, 'report.sop.col.requirement'), t(lang, 'report.sop.col.time'), t(lang, 'report.sop.col.output'), t(lang, 'report.sop.col.note')];
  // Built afresh for each page: pdfmake writes its layout into the cells it is given.
  const header = (): TableCell[][] => [
    [th('No.', { rowSpan: 2 }), th(t(lang, 'report.sop.col.activity'), { rowSpan: 2 }), th(t(lang, 'report.sop.col.executors'), { colSpan: n }),
      ...Array.from({ length: n - 1 }, () => ({})), th(t(lang, 'report.sop.col.mutu'), { colSpan: 4 }), {}, {}, {}],
    [{}, {}, ...roleLabels.map((label) => th(label, { fontSize: 7 })), ...mutuLabels.map((label) => th(label))],
  ];
  const groupA = t(lang, 'report.sop.group_a', { subject: pdfSafe(subject) });
  const groupB = t(lang, 'report.sop.group_b', { subject: pdfSafe(subject) });
  const provisionTexts = ([['A1', sop.provisions.a1], ['A2', sop.provisions.a2]] as const)
    .map(([code, p]) => ({ code, intro: safe(p.intro, lang), items: p.items.map((i) => `${i.code}. ${pdfSafe(i.text[lang])}`) }));
  const intro: TableCell[][] = [
    [{ text: 'A', bold: true, alignment: 'center' }, ...span({ text: groupA, bold: true }, 1)],
    ...provisionTexts.map((p): TableCell[] => [
      { text: p.code, alignment: 'center' },
      ...span({ stack: [{ text: p.intro }, { ul: p.items, type: 'none', margin: [6, 1, 0, 0] }] }, 1),
    ]),
    [{ text: 'B', bold: true, alignment: 'center' }, ...span({ text: groupB, bold: true }, 1)],
  ];

  // Heights, measured before layout (erring tall).
  const row = (h: number): number => h + 2 * CELL_PADDING_Y + RULE;
  const bold = { ...TEXT, bold: true };
  const spanWidth = LANDSCAPE_WIDTH - w.no - 2 * CELL_PADDING_X - 2 * RULE - 2 * CELL_PADDING_X;
  const headerHeight = row(measure.lineHeight(8) * TEXT.lineHeight) + row(Math.max(
    ...roleLabels.map((label) => textHeight(measure, label, w.executor, { size: 7, lineHeight: TEXT.lineHeight, bold: true })),
    ...mutuLabels.map((label, k) => textHeight(measure, label, w.mutu[k] ?? 0, { size: 8, lineHeight: TEXT.lineHeight, bold: true }))));
  const introHeight = row(textHeight(measure, groupA, spanWidth, bold)) + row(textHeight(measure, groupB, spanWidth, bold))
    + provisionTexts.reduce((sum, p) => sum + row(textHeight(measure, p.intro, spanWidth, TEXT) + 1
      + p.items.reduce((a, item) => a + textHeight(measure, item, spanWidth - 6 - 12, TEXT), 0)), 0);
  const texts = sop.steps.map((s) => stepTexts(s, lang));
  const measured = texts.map((cells) => {
    const widths = [w.activity, ...w.mutu];
    const tallest = Math.max(...cells.map((text, k) => textHeight(measure, text, widths[k] ?? 0, TEXT)));
    return Math.ceil(Math.max(MIN_ROW_HEIGHT, tallest + 2 * CELL_PADDING_Y + 2));
  });

  // Pages: as many steps as fit, each page leaving room for the connector of the row it ends on.
  const pages: number[][] = [];
  let page: number[] = [];
  let used = headerHeight + introHeight;
  const heights = [...measured];
  measured.forEach((h, i) => {
    const first = page.length === 0 && pages.length > 0;
    const own = first ? Math.max(h, FIRST_ON_PAGE) : h;
    const last = i === measured.length - 1;
    if (page.length > 0 && used + (last ? own : Math.max(own, LAST_ON_PAGE)) + RULE > LANDSCAPE_BODY) {
      const end = page[page.length - 1] as number;
      heights[end] = Math.max(heights[end] ?? 0, LAST_ON_PAGE);
      pages.push(page);
      page = [];
      used = headerHeight;
      heights[i] = Math.max(h, FIRST_ON_PAGE);
    } else {
      heights[i] = own;
    }
    page.push(i);
    used += (heights[i] ?? 0) + RULE;
  });
  pages.push(page);

  const isExecutorColumn = (i: number): boolean => i >= 2 && i < 2 + n;
  const letter = (k: number): string => String.fromCharCode(65 + (k % 26)) + (k >= 26 ? String(Math.floor(k / 26)) : '');
  return pages.map((steps, p): Content => {
    const stepRows = steps.map((i): TableCell[] => {
      const cells = texts[i] as string[];
      const s = sop.steps[i] as SopStep;
      const text = (value: string, extra: object = {}): TableCell => ({ text: value, margin: [0, CELL_PADDING_Y, 0, CELL_PADDING_Y], ...extra });
      const connector = {
        ...(i === steps[steps.length - 1] && p < pages.length - 1 ? { out: letter(p) } : {}),
        ...(i === steps[0] && p > 0 ? { in: letter(p - 1) } : {}),
      };
      return [
        text(pdfSafe(s.code), { alignment: 'center', bold: true }),
        text(cells[0] ?? ''),
        { ...(flowCell(flow.rows[i] as FlowRow, flow, { width: w.executor * n + (n - 1) * RULE, height: heights[i] ?? MIN_ROW_HEIGHT, lang, measure, connector }) as object),
          colSpan: n } as TableCell,
        ...Array.from({ length: n - 1 }, () => ({})),
        text(cells[1] ?? ''), text(cells[2] ?? '', { alignment: 'center' }), text(cells[3] ?? ''), text(cells[4] ?? ''),
      ];
    });
    const before = 2 + (p === 0 ? intro.length : 0);
    return {
      pageBreak: 'before',
      table: {
        headerRows: 2,
        dontBreakRows: true,
        widths: [w.no, w.activity, ...flow.columns.map(() => w.executor), ...w.mutu],
        body: [...header(), ...(p === 0 ? intro : []), ...stepRows],
      },
      layout: {
        ...GRID,
        paddingTop: (i) => (i >= before ? 0 : CELL_PADDING_Y),
        paddingBottom: (i) => (i >= before ? 0 : CELL_PADDING_Y),
        paddingLeft: (i) => (isExecutorColumn(i) ? 0 : CELL_PADDING_X),
        paddingRight: (i) => (isExecutorColumn(i) ? 0 : CELL_PADDING_X),
      },
    };
  });
}

/**
 * One step's part of the flowchart, over its row's executor columns: the rules between the
 * columns (the cell spans them), the arrows and links passing through, the step's boxes, and
 * "Mulai" / "Selesai" in the terminators.
 */
function flowCell(row: FlowRow, flow: SopFlowchart,
  box: { width: number; height: number; lang: Lang; measure: PdfTextMeasure; connector: { out?: string; in?: string } }): TableCell {
  const { width, height } = box;
  const n = flow.columns.length;
  const unit = width / n;
  const x = (u: number): number => u * unit;
  const y = (v: Parameters<typeof flowYIn>[0]): number => flowYIn(v, height);
  const canvas: CanvasElement[] = [];
  for (let k = 1; k < n; k++) canvas.push({ type: 'line', x1: x(k), y1: 0, x2: x(k), y2: height, lineWidth: RULE, lineColor: '#000000' });
  // Off-page connectors: at the foot of the row the chart leaves the page from, at the top of the one it goes on in.
  const { connector } = box;
  const outTop = height - CONNECTOR.gap - CONNECTOR.h;
  const inBottom = CONNECTOR.gap + CONNECTOR.h;
  const connectors: { x: number; top: number; label: string }[] = [];
  for (const s of row.segments) {
    const leaves = connector.out !== undefined && !s.link && s.y2 === 'bottom';
    const enters = connector.in !== undefined && !s.link && s.y1 === 'top';
    const y1 = enters ? inBottom : y(s.y1);
    const y2 = leaves ? outTop : y(s.y2);
    if (leaves) connectors.push({ x: x(s.x2), top: outTop, label: connector.out as string });
    if (enters) connectors.push({ x: x(s.x1), top: CONNECTOR.gap, label: connector.in as string });
    canvas.push({ type: 'line', x1: x(s.x1), y1, x2: x(s.x2), y2, lineWidth: 0.9, lineColor: '#000000', ...(s.link ? { dash: { length: 2, space: 2 } } : {}) });
    if (s.arrow || leaves) {
      const tipX = x(s.x2);
      canvas.push({ type: 'polyline', closePath: true, color: '#000000', lineWidth: 0.5, lineColor: '#000000',
        points: [{ x: tipX, y: y2 }, { x: tipX - 3, y: y2 - 6 }, { x: tipX + 3, y: y2 - 6 }] });
    }
  }
  for (const c of connectors) {
    const { half, h } = CONNECTOR;
    canvas.push({ type: 'polyline', closePath: true, color: '#ffffff', lineWidth: 0.9, lineColor: '#000000', points: [
      { x: c.x - half, y: c.top }, { x: c.x + half, y: c.top }, { x: c.x + half, y: c.top + h * 0.6 }, { x: c.x, y: c.top + h }, { x: c.x - half, y: c.top + h * 0.6 }] });
  }
  const node = row.node;
  const terminator = node.kind !== 'process';
  for (const b of node.boxes) {
    canvas.push({ type: 'rect', x: x(b.x1), y: height / 2 - BOX_HEIGHT / 2, w: x(b.x2) - x(b.x1), h: BOX_HEIGHT, r: terminator ? BOX_HEIGHT / 2 : 0,
      color: '#ffffff', lineWidth: 0.9, lineColor: '#000000' });
  }
  const label = terminator ? t(box.lang, node.kind === 'start' ? 'web.sop.start' : 'web.sop.end') : null;
  const first = node.boxes[0];
  const labels: Content[] = label && first ? [{
    text: label, style: 'flowLabel',
    relativePosition: {
      x: (x(first.x1) + x(first.x2)) / 2 - box.measure.width(label, FLOW_LABEL_SIZE, true) / 2,
      y: -height / 2 - (box.measure.lineHeight(FLOW_LABEL_SIZE) * TEXT.lineHeight) / 2,
    },
  }] : [];
  const lineHeight = box.measure.lineHeight(FLOW_LABEL_SIZE) * TEXT.lineHeight;
  for (const c of connectors) {
    labels.push({ text: c.label, style: 'flowLabel', relativePosition: {
      x: c.x - box.measure.width(c.label, FLOW_LABEL_SIZE, true) / 2, y: c.top + CONNECTOR.h * 0.38 - height - lineHeight / 2 } });
  }
  return { stack: [{ canvas }, ...labels] };
}
