/**
 * Issue 12, the SOP page's flowchart in a real browser against a real Jaga server: each step's
 * row of the activity table draws its part of the PermenPAN-RB flowchart as inline SVG (the
 * geometry the PDF draws): a box under each executor's column heading, terminators first and
 * last, each arrow leaving one row where the next row's arrow goes on. The PDF link downloads the
 * SOP as issued (logged, via web). A stored revision (seven steps, four executors) renders the
 * same way. Clean (CSP, no foreign request, axe-core); screenshots `sop-flowchart`, `sop-revision`.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FORM_ISSUED } from '../../src/app/report/issue-case-form.js';
import { SOP_01_2019 } from '../../src/domain/sop/sop-01.js';
import { sopFlowchart } from '../../src/presenters/sop-flowchart.js';
import { sopRoleLabel } from '../../src/presenters/sop-text.js';
import type { WatchedPage } from '../support/browser.js';
import { SCREENSHOT_DIR, SCREENSHOT_SIZES, assertAccessible, launchBrowser, signInAt, watchedPage } from '../support/browser.js';
import { SEVEN_STEP_COLUMNS, SEVEN_STEP_SOP } from '../support/sop-revision.js';
import { PASSWORD } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

interface Drawn {
  step: string;
  kind: string;
  label: string;
  svg: { left: number; right: number; top: number; bottom: number };
  boxes: { left: number; right: number; cols: string; rx: string }[];
  /** The flow lines' ends, in page pixels: where each arrow piece starts and stops. */
  lines: { x1: number; y1: number; x2: number; y2: number; arrow: boolean; link: boolean }[];
  text: string;
  /** The rules between executor columns, x in page pixels. */
  rules: number[];
}

/** What the browser drew in each step's row, measured in page pixels. */
const DRAWN = `[...document.querySelectorAll('svg.sop-flow')].map((svg) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY }; };
  return {
    rules: [...svg.querySelectorAll('line.sop-flow-rule')].map((l) => l.getBoundingClientRect().left + l.getBoundingClientRect().width / 2),
    step: svg.dataset.step, kind: svg.dataset.kind, label: svg.getAttribute('aria-label'), svg: box(svg), text: svg.textContent.trim(),
    boxes: [...svg.querySelectorAll('rect.sop-flow-box')].map((r) => ({ ...box(r), cols: r.dataset.cols, rx: r.getAttribute('rx') })),
    lines: [...svg.querySelectorAll('line.sop-flow-line, line.sop-flow-link')].map((l) => {
      const m = l.getScreenCTM();
      const at = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y + scrollY]; };
      const [x1, y1] = at(l.x1.baseVal.value, l.y1.baseVal.value);
      const [x2, y2] = at(l.x2.baseVal.value, l.y2.baseVal.value);
      return { x1, y1, x2, y2, arrow: l.hasAttribute('marker-end'), link: l.classList.contains('sop-flow-link') };
    }),
  };
})`;

/** The executor column headings' left and right edges, in page pixels. */
const HEADINGS = `[...document.querySelectorAll('th.sop-role-col')].map((th) => { const r = th.getBoundingClientRect(); return { left: r.left, right: r.right, text: th.textContent.trim() }; })`;

const near = (a: number, b: number, what: string, tolerance = 1.5): void => assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a} vs ${b}`);

/** The drawing matches the geometry: boxes under their columns' headings, terminators, arrows meeting from row to row. */
async function assertFlowchart(page: Page, steps: typeof SOP_01_2019.steps, columns: readonly string[]): Promise<void> {
  const flow = sopFlowchart(steps);
  const heads = await page.evaluate<{ left: number; right: number; text: string }[]>(HEADINGS);
  assert.deepEqual(heads.map((h) => h.text), columns.map((r) => sopRoleLabel(r, 'id')));
  const drawn = await page.evaluate<Drawn[]>(DRAWN);
  assert.deepEqual(drawn.map((d) => d.step), steps.map((s) => s.code), 'one drawing per step, in order');
  drawn.forEach((d, i) => {
    const node = flow.nodes[i];
    assert.ok(node);
    assert.equal(d.kind, i === 0 ? 'start' : i === steps.length - 1 ? 'end' : 'process');
    assert.equal(d.text, i === 0 ? 'Mulai' : i === steps.length - 1 ? 'Selesai' : '', `${d.step}: the terminator's word`);
    assert.deepEqual(d.boxes.map((b) => b.cols), node.boxes.map((b) => `${b.colFrom}-${b.colTo}`), `${d.step}: boxes`);
    for (const [k, b] of d.boxes.entries()) {
      const g = node.boxes[k];
      assert.ok(g);
      // Under the headings of its executors' columns, inside them.
      assert.ok(b.left > (heads[g.colFrom]?.left ?? Infinity) && b.right < (heads[g.colTo - 1]?.right ?? -Infinity), `${d.step}: box under its columns`);
      assert.equal(b.rx, node.kind === 'process' ? '0' : '11', `${d.step}: terminator rounded, process square`);
    }
    assert.match(d.label, new RegExp(`^${d.step}: `));
    // The drawing's column rules stand on the headings' borders.
    assert.equal(d.rules.length, columns.length - 1);
    d.rules.forEach((x, k) => near(x, heads[k + 1]?.left ?? 0, `${d.step}: rule ${k + 1} under the headings' border`, 2));
    // The arrow out of this row ends on its bottom edge exactly where the next row's arrow starts on its top edge.
    const next = drawn[i + 1];
    if (!next) return;
    const out = d.lines.filter((l) => !l.link && !l.arrow).at(-1);
    const into = next.lines.find((l) => l.arrow);
    assert.ok(out && into, `${d.step}: an arrow to ${next.step}`);
    near(out.y2, d.svg.bottom, `${d.step}: leaves at the row's bottom`);
    near(into.y1, next.svg.top, `${next.step}: enters at the row's top`);
    near(out.x2, into.x1, `${d.step} → ${next.step}: the same column`);
    near(d.svg.bottom, next.svg.top, `${d.step} → ${next.step}: rows meet`, 2.5);
  });
}

/** Screenshots at both sizes with the activity table in view. */
async function flowShots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const size of SCREENSHOT_SIZES) {
    await page.setViewportSize(size);
    // The procedure's rows with the column headings just above the fold's top: the flowchart in view.
    await page.evaluate('document.getElementById("step-B1").scrollIntoView({ block: "start" }); window.scrollBy(0, -100)');
    // On a phone the table scrolls sideways in its region: as a reader would, bring the executor columns into view.
    if (size.width < 600) await page.evaluate('document.querySelector(".table-wrap").scrollLeft = document.querySelector("th.sop-role-col").offsetLeft - 40');
    await page.screenshot({ path: `${SCREENSHOT_DIR}${name}-${size.width}x${size.height}.png`, fullPage: false, animations: 'disabled' });
  }
  await page.setViewportSize(SCREENSHOT_SIZES[0]);
}

describe('web UI: the SOP page\'s flowchart and PDF', () => {
  let w: WebApp;
  let browser: Browser;
  let wp: WatchedPage;

  before(async () => {
    w = await openWebApp();
    await w.enrol('pelapor');
    browser = await launchBrowser();
    wp = await watchedPage(browser, w.origin);
    await signInAt(wp.page, w.origin, '/sop', 'pelapor', PASSWORD, () => w.totpCode('pelapor'));
  });
  after(async () => {
    await wp?.context.close();
    await browser?.close();
    await w?.close();
  });

  it('draws SOP-01\'s flowchart in the activity table: a box per step under its executors, Mulai and Selesai, arrows meeting row to row', async () => {
    const { page } = wp;
    assert.equal(page.url(), `${w.origin}/sop`);
    await assertFlowchart(page, SOP_01_2019.steps, ['admin_lpse', 'dit_eproc', 'pihak_berwenang']);
    // The mutu baku beside it, and the signed document's "(Mulai)" for a reader of the table's text.
    assert.match(await page.locator('#step-B1').textContent() ?? '', /\(Mulai\).*Laporan terjadinya gangguan.*1 jam.*Informasi gangguan/);
    await wp.assertClean();
    await assertAccessible(page);
    await flowShots(page, 'sop-flowchart');
    // On a phone the table scrolls sideways inside its region; the drawing still meets from row to row.
    await page.setViewportSize(SCREENSHOT_SIZES[1]);
    await assertFlowchart(page, SOP_01_2019.steps, ['admin_lpse', 'dit_eproc', 'pihak_berwenang']);
    await page.setViewportSize(SCREENSHOT_SIZES[0]);
  });

  it('the PDF link downloads the SOP as issued, logged as the API logs it', async () => {
    const { page } = wp;
    const link = page.getByRole('link', { name: 'Unduh SOP versi 2019.0 (PDF)' });
    assert.equal(await link.getAttribute('href'), '/sop/document.pdf?version=2019.0&lang=id');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'SOP-01-2019.0-id.pdf');
    const res = await page.request.get(`${w.origin}/sop/document.pdf?version=2019.0&lang=en`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    assert.equal((await res.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    const entries = (await w.h.t.app.store.read((tx) => tx.logbook.page({ afterSeq: 0, limit: 10_000 }))).filter((e) => e.type === FORM_ISSUED);
    assert.deepEqual(entries.map((e) => {
      const d = JSON.parse(e.data) as Record<string, unknown>;
      return [d['document'], d['version'], d['lang'], d['via']];
    }), [['sop', '2019.0', 'id', 'http'], ['sop', '2019.0', 'en', 'http']]);
    const unknown = await page.goto(`${w.origin}/sop/document.pdf?version=1999.9`);
    assert.equal(unknown?.status(), 404);
    assert.match(await page.locator('main').textContent() ?? '', /1999\.9/);
    await wp.assertClean();
  });

  it('a stored revision (seven steps, four executors, steps by two) renders the same way', async () => {
    const { page } = wp;
    await w.h.t.app.store.transaction((tx) => tx.sops.ensure(SEVEN_STEP_SOP, '2027-03-01T00:00:00.000Z'));
    await page.goto(`${w.origin}/sop`);
    await assertFlowchart(page, SEVEN_STEP_SOP.steps, SEVEN_STEP_COLUMNS);
    assert.equal(await page.locator('svg.sop-flow[data-step="B5"] line.sop-flow-link').count(), 1, 'B5\'s two boxes joined');
    assert.equal(await page.getByRole('link', { name: 'Unduh SOP versi 2027.1 (PDF)' }).count(), 1);
    await wp.assertClean();
    await assertAccessible(page);
    await flowShots(page, 'sop-revision');
  });
});
