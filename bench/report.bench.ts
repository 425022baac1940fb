/**
 * Form Laporan benchmark (in process, SQLite in a temporary data directory):
 *
 * One approved case built through the real use cases (the contract test's fixture: a gateway
 * session with a recording and a transfer, a deviation, a return and its correction, a long B5
 * analysis; three A4 pages). Then, interleaved, JAGA_BENCH_REPORT_N (40) times each, after 3
 * warm-ups:
 * - **form**: the Form Laporan rendered from the data `issueCaseForm` loads (view model, document,
 *   pdfmake with the vendored fonts), what the app's `renderCaseForm` does;
 * - **baseline**: a one-line pdfmake document in the same font through the same PDF adapter (what
 *   any PDF costs here: fonts, pdfkit, compression);
 * - **issue**: `issueCaseForm` end to end (read the case, render, hash, log `report.form_issued`).
 * Goal: the form's median < 200 ms. Prints median and p90 of each, the form ÷ baseline ratio, and
 * checks every form render gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { pdfmakeRenderer } from '../src/adapters/pdf/pdfmake-renderer.js';
import type { CaseFormData } from '../src/app/report/case-form-data.js';
import type { CaseFormRenderer } from '../src/app/report/issue-case-form.js';
import { issueCaseForm } from '../src/app/report/issue-case-form.js';
import { FORM_FONTS } from '../src/presenters/pdf/pdf-fonts.js';
import { approvedFormCase } from '../test/support/form-case.js';
import { as, openTestApp, seedWorld } from '../test/support/test-app.js';

const envInt = (name: string, dflt: number): number => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? dflt : Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${v}'`);
  return n;
};

const N = envInt('JAGA_BENCH_REPORT_N', 40);
const GOAL_MS = 200;
const t0 = performance.now();

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const t = await openTestApp('sqlite');
try {
  await seedWorld(t);
  const fx = await approvedFormCase(t);
  let data: CaseFormData | undefined;
  const capture: CaseFormRenderer = (d, o) => { data = d; return t.app.renderCaseForm(d, o); };
  const first = await issueCaseForm({ ...t.app, renderCaseForm: capture }, as('koor'), fx.caseId, { lang: 'id' });
  if (!data) throw new Error('the form data was not captured');
  const formData = data;
  const opts = { lang: 'id' as const, checkCode: first.checkCode };
  const pdf = pdfmakeRenderer();
  const oneLine = () => pdf.render({ content: [{ text: 'Form Laporan' }], defaultStyle: { font: FORM_FONTS.sans }, info: { creationDate: new Date(0), modDate: new Date(0) } });

  const time = async (f: () => Promise<Uint8Array>): Promise<{ ms: number; bytes: Uint8Array }> => {
    const s = performance.now();
    const bytes = await f();
    return { ms: performance.now() - s, bytes };
  };
  for (let i = 0; i < 3; i++) { await t.app.renderCaseForm(formData, opts); await oneLine(); }

  const form: number[] = [];
  const base: number[] = [];
  const issue: number[] = [];
  let sameBytes = true;
  for (let i = 0; i < N; i++) {
    // ABBA: alternate which side goes first.
    const order = i % 2 === 0 ? ['form', 'base'] : ['base', 'form'];
    for (const side of order) {
      if (side === 'form') {
        const r = await time(() => t.app.renderCaseForm(formData, opts));
        form.push(r.ms);
        if (sha(r.bytes) !== first.sha256) sameBytes = false;
      } else {
        base.push((await time(oneLine)).ms);
      }
    }
    issue.push((await time(async () => (await issueCaseForm(t.app, as('koor'), fx.caseId, { lang: 'id' })).bytes)).ms);
  }
  const med = { form: quantile(form, 0.5), base: quantile(base, 0.5), issue: quantile(issue, 0.5) };
  const p90 = { form: quantile(form, 0.9), base: quantile(base, 0.9), issue: quantile(issue, 0.9) };
  const ratio = med.form / med.base;
  const ok = sameBytes;
  console.log(`report benchmark: Form Laporan of one approved case (${first.bytes.length} bytes), ${N} runs each, interleaved`);
  console.log(`form render:     median ${med.form.toFixed(1)} ms, p90 ${p90.form.toFixed(1)} ms`);
  console.log(`one-line PDF:    median ${med.base.toFixed(1)} ms, p90 ${p90.base.toFixed(1)} ms (baseline, same run)`);
  console.log(`issueCaseForm:   median ${med.issue.toFixed(1)} ms, p90 ${p90.issue.toFixed(1)} ms (read + render + hash + logbook entry)`);
  console.log(`form ÷ baseline: ${ratio.toFixed(2)}; every render the same bytes: ${sameBytes ? 'yes' : 'NO'}`);
  console.log(`goal: form render median < ${GOAL_MS} ms: ${med.form.toFixed(1)} ms ${med.form < GOAL_MS ? 'PASS' : 'FAIL'}`);
  const round = (x: number): number => Number(x.toFixed(2));
  console.log(`BENCH_JSON ${JSON.stringify({
    formMedianMs: round(med.form), formP90Ms: round(p90.form), baselineMedianMs: round(med.base), baselineP90Ms: round(p90.base),
    issueMedianMs: round(med.issue), issueP90Ms: round(p90.issue), formToBaseline: round(ratio), goalMs: GOAL_MS, goalMet: med.form < GOAL_MS,
    sameBytes, pdfBytes: first.bytes.length, n: N, ok, node: process.version, elapsedMs: Math.round(performance.now() - t0),
  })}`);
  if (!ok) process.exitCode = 1;
} finally {
  await t.close();
}
