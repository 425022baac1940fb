import type { TrendMonth } from '../domain/report/sop-evaluation.js';
import type { Lang } from '../messages/catalogue.js';
import { t } from '../messages/catalogue.js';

/** Which trend a chart draws: time to restore (report → B4) or time to root cause (report → B5). */
export type TrendMetric = 'restore' | 'root_cause';

const xml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.codePointAt(0) ?? 0};`);

const MONTH_FORMATS = new Map<Lang, Intl.DateTimeFormat>();
/** `Nov 26` / `Nov 26`: a month of the trend, short. */
function monthLabel(month: string, lang: Lang): string {
  let f = MONTH_FORMATS.get(lang);
  if (!f) MONTH_FORMATS.set(lang, (f = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' })));
  return f.format(new Date(`${month}-15T00:00:00Z`));
}

/** A number of minutes as the language writes it (a decimal comma in Indonesian), at most one decimal. */
export function minutesText(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
}

/** A round axis top at or above `max`: 1, 2 or 5 times a power of ten. */
function niceTop(max: number): number {
  if (max <= 0) return 10;
  const p = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((k) => k * p).find((v) => v >= max)) as number;
}

/**
 * A monthly trend as an SVG bar chart (mean per month as bars, p90 as a line with points), drawn
 * with presentation attributes only (no `style`), so a page under the strict CSP can inline it and
 * the PDF draws it as vectors. Every text is the catalogue's or a number, XML-escaped.
 */
export function trendChartSvg(trend: readonly TrendMonth[], metric: TrendMetric, lang: Lang, opts: { readonly width?: number; readonly font?: string } = {}): string {
  const width = opts.width ?? 380;
  const height = 170;
  const font = opts.font ?? 'LiberationSans, Liberation Sans, Arial, sans-serif';
  const left = 40;
  const right = 8;
  const top = 24;
  const bottom = 30;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const rows = trend.map((m) => (metric === 'restore'
    ? { month: m.month, n: m.restored, mean: m.restoreMeanMinutes, p90: m.restoreP90Minutes }
    : { month: m.month, n: m.rootCaused, mean: m.rootCauseMeanMinutes, p90: m.rootCauseP90Minutes }));
  const max = niceTop(Math.max(0, ...rows.map((r) => Math.max(r.mean ?? 0, r.p90 ?? 0))));
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  const slot = plotW / Math.max(1, rows.length);
  const title = t(lang, metric === 'restore' ? 'report.evaluation.chart.restore' : 'report.evaluation.chart.root_cause');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xml(title)}" font-family="${xml(font)}">`,
    `<title>${xml(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="11" font-size="9" font-weight="bold" fill="#000000">${xml(title)}</text>`,
    `<text x="${left}" y="20" font-size="7" fill="#444444">${xml(t(lang, 'report.evaluation.chart.legend'))}</text>`,
  ];
  for (const v of [0, max / 2, max]) {
    parts.push(`<line x1="${left}" y1="${y(v).toFixed(1)}" x2="${width - right}" y2="${y(v).toFixed(1)}" stroke="#cccccc" stroke-width="0.5"/>`,
      `<text x="${left - 3}" y="${(y(v) + 2.5).toFixed(1)}" font-size="7" text-anchor="end" fill="#333333">${xml(minutesText(v, lang))}</text>`);
  }
  const barW = Math.min(18, slot * 0.6);
  const points: string[] = [];
  rows.forEach((r, i) => {
    const cx = left + slot * i + slot / 2;
    if (r.mean !== null) {
      const h = Math.max(0.5, (r.mean / max) * plotH);
      parts.push(`<rect x="${(cx - barW / 2).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="#4a78b5"/>`,
        // The mean inside a bar tall enough (white), else above it.
        h > 12 ? `<text x="${cx.toFixed(1)}" y="${(top + plotH - h + 8).toFixed(1)}" font-size="6.5" text-anchor="middle" fill="#ffffff">${xml(minutesText(r.mean, lang))}</text>`
          : `<text x="${cx.toFixed(1)}" y="${(top + plotH - h - 2).toFixed(1)}" font-size="6.5" text-anchor="middle" fill="#000000">${xml(minutesText(r.mean, lang))}</text>`);
    }
    if (r.p90 !== null) points.push(`${cx.toFixed(1)},${y(r.p90).toFixed(1)}`);
    parts.push(`<text x="${cx.toFixed(1)}" y="${(height - bottom + 10).toFixed(1)}" font-size="6.5" text-anchor="middle" fill="#000000">${xml(monthLabel(r.month, lang))}</text>`,
      `<text x="${cx.toFixed(1)}" y="${(height - bottom + 19).toFixed(1)}" font-size="6" text-anchor="middle" fill="#555555">n=${r.n}</text>`);
  });
  if (points.length > 1) parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="#c0392b" stroke-width="1"/>`);
  for (const p of points) {
    const [px, py] = p.split(',');
    parts.push(`<circle cx="${px}" cy="${py}" r="1.8" fill="#c0392b"/>`);
  }
  if (rows.every((r) => r.mean === null)) {
    parts.push(`<text x="${(left + plotW / 2).toFixed(1)}" y="${(top + plotH / 2).toFixed(1)}" font-size="8" text-anchor="middle" fill="#666666">${xml(t(lang, 'report.evaluation.chart.no_data'))}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="#000000" stroke-width="0.6"/>`, '</svg>');
  return parts.join('');
}
