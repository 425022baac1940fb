import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium (`scripts/ensure-system-deps.sh` installs it); Playwright's own download is never used. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The flags of issue 11: headless, no sandbox (tests run as root), no GPU, and none of Chromium's
 * own traffic (updates, sync, field trials), so every request a test sees comes from the page.
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Bounds on every wait: launch, each action and each navigation. */
export const BROWSER_TIMEOUT_MS = 30_000;
export const ACTION_TIMEOUT_MS = 10_000;

/** Where screenshots go (gitignored): `<repo>/test-output/screenshots/`. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));

/** The sizes every screenshot is taken at: a laptop and a phone. */
export const SCREENSHOT_SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844 }] as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, chromiumSandbox: false, timeout: BROWSER_TIMEOUT_MS });
}

/** What a page did that a Jaga page must never do. */
export interface PageProblems {
  /** Requests to another origin than Jaga's (data: and blob: URLs count too: the CSP allows neither). */
  readonly foreignRequests: string[];
  /** `securitypolicyviolation` events, as `<directive> <blocked URI> (<source>:<line>)`. */
  readonly cspViolations: string[];
  /** Console errors and uncaught exceptions. */
  readonly consoleErrors: string[];
  /** Form controls of the current page without an accessible name (no label, no aria-label, no text). */
  readonly unlabelledControls: string[];
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Everything recorded so far, including the current document's CSP events. */
  problems(): Promise<PageProblems>;
  /** Asserts that nothing was recorded (no foreign request, no CSP violation, no console error) and the current page's controls are all labelled. */
  assertClean(): Promise<void>;
}

/** Every visible form control of the document without a name a screen reader can read out. */
const UNLABELLED = `[...document.querySelectorAll('input, select, textarea, button')]
  .filter((el) => el.type !== 'hidden')
  .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map((el) => el.outerHTML)`;

/** Pushes every CSP violation into `window.__cspViolations` and, through the binding, to the test (survives navigations). */
const CSP_LISTENER = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const line = e.violatedDirective + ' ' + (e.blockedURI || '(inline)') + ' (' + (e.sourceFile || '?') + ':' + e.lineNumber + ')';
    window.__cspViolations.push(line);
    if (typeof window.__reportCsp === 'function') window.__reportCsp(line);
  }, true);
})();`;

/**
 * A new browser context and page for Jaga at `origin`, recording every request to another origin,
 * every CSP violation and every console error. `locale` is the browser's (its Accept-Language).
 */
export async function watchedPage(browser: Browser, origin: string, opts: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ locale: opts.locale ?? 'en-US', viewport: opts.viewport ?? SCREENSHOT_SIZES[0], serviceWorkers: 'block' });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(BROWSER_TIMEOUT_MS);
  const foreignRequests: string[] = [];
  const reported: string[] = [];
  const consoleErrors: string[] = [];
  await context.exposeBinding('__reportCsp', (_source, line: string) => { reported.push(line); });
  await context.addInitScript({ content: CSP_LISTENER });
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${origin}/`)) foreignRequests.push(`${r.method()} ${url}`);
  });
  const page = await context.newPage();
  // A page answered with an error status (a refused sign-in is a 401) is a result the test checks,
  // not a fault of the page: Chromium's console line about that one document is not counted.
  const documentStatus = new Map<string, number>();
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) documentStatus.set(r.url(), r.status());
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const status = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(m.text())?.[1];
    if (status !== undefined && documentStatus.get(m.location().url) === Number(status)) return;
    consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => { consoleErrors.push(`uncaught: ${e.message}`); });

  async function problems(): Promise<PageProblems> {
    const current = await page.evaluate<string[]>('window.__cspViolations || []').catch(() => [] as string[]);
    const unlabelledControls = await page.evaluate<string[]>(UNLABELLED);
    return { foreignRequests: [...foreignRequests], cspViolations: [...new Set([...reported, ...current])], consoleErrors: [...consoleErrors], unlabelledControls };
  }
  return {
    page, context, problems,
    assertClean: async () => assert.deepEqual(await problems(), { foreignRequests: [], cspViolations: [], consoleErrors: [], unlabelledControls: [] }, page.url()),
  };
}

/**
 * Writes `<name>-1280x800.png` and `<name>-390x844.png` under {@link SCREENSHOT_DIR}; returns their
 * paths. `at`: scrolled into view at each size (a resize reflows the page and loses the scroll).
 */
export async function screenshot(page: Page, name: string, opts: { at?: Locator } = {}): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize();
  const paths: string[] = [];
  for (const size of SCREENSHOT_SIZES) {
    await page.setViewportSize(size);
    await opts.at?.scrollIntoViewIfNeeded();
    const path = `${SCREENSHOT_DIR}${name}-${size.width}x${size.height}.png`;
    await page.screenshot({ path, fullPage: false, animations: 'disabled' });
    paths.push(path);
  }
  if (before) await page.setViewportSize(before);
  return paths;
}

/** Clicks what submits a form and waits for the document that answers it to load (a redirect's target included). */
export async function submit(page: Page, button: { click(): Promise<void> }): Promise<void> {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

/** axe-core's browser script, as the package ships it. */
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** An axe-core violation as a test reports it: the rule, its impact, what it asks, and where. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Runs axe on the current document and gives the violations of impact serious or critical. */
const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
  .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })))`;

/**
 * Fails on any serious or critical axe-core violation of the current page. axe's source is
 * evaluated through Playwright (DevTools evaluation is not subject to the page's CSP), so the
 * page keeps its policy unchanged: no script tag is added, and a CSP violation would still count.
 */
export async function assertAccessible(page: Page): Promise<void> {
  if (await page.evaluate<boolean>("typeof window.axe !== 'object'")) await page.evaluate(AXE_SOURCE);
  assert.deepEqual(await page.evaluate<AxeViolation[]>(AXE_RUN), [], `axe-core on ${page.url()}`);
}

/**
 * Signs in on the page a deep link to `path` leads to when signed out: username and password,
 * then the TOTP step with `code()` (called only once the TOTP page is up).
 */
export async function signInAt(page: Page, origin: string, path: string, username: string, password: string, code: () => string): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await submit(page, page.getByRole('button', { name: 'Masuk' }));
  await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(code());
  await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
}

/**
 * Polls an expression in the page until it is true, for at most `ms` (bounded wait). Not
 * `waitForFunction`: Playwright builds its predicate with eval, which the page's CSP refuses (a violation).
 */
export async function until(page: Page, expression: string, ms = 15_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (await page.evaluate<boolean>(expression)) return true;
  }
  return false;
}

/** Both checks every page of the issue gets: {@link WatchedPage.assertClean} and {@link assertAccessible}. */
export async function assertCleanAndAccessible(wp: WatchedPage): Promise<void> {
  await wp.assertClean();
  await assertAccessible(wp.page);
}
