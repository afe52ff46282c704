/**
 * Shared by the browser end-to-end tests: Debian's Chromium driven by playwright-core, headless
 * and with every call-home feature off, browser contexts that cannot reach the internet (a request
 * that would leave loopback is dropped and recorded, and each test file asserts at its end that
 * there was none), desktop and phone viewports, signing in through the overlay's
 * own form, the editor's collapsed sidebar opened by clicking what is visible, keyboard focus,
 * and axe-core. Screenshots go to RESULTS.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AxeResults, ImpactValue } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { decide, readBundleStamp, readInputStamps } from '../../scripts/build-if-stale/decide.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const AXE = `${ROOT}node_modules/axe-core/axe.min.js`;
export const RESULTS = `${ROOT}test-results`;

// Headless, and with every feature that calls home switched off: the test must reach nothing but loopback.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** What the pages did that a test checks at the end. */
export interface PageWatch {
  /** URLs the pages tried to reach off the machine (e.g. the editor's CDN font and hls.js): refused. */
  blocked: Set<string>;
  /** Uncaught exceptions: the overlay's bundle must not throw in the editor's page. */
  pageErrors: string[];
}

export function pageWatch(): PageWatch {
  return { blocked: new Set(), pageErrors: [] };
}

export async function ensureUiBundle(): Promise<void> {
  // `npm test` builds it before vitest; a bare `npx vitest run test/e2e` does not, and a bundle
  // older than its sources would test yesterday's panels: the same check as `npm start`'s.
  if (!decide(readBundleStamp(ROOT), readInputStamps(ROOT)).build) return;
  await promisify(execFile)(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--config', 'overlay-ui/vite.config.ts'], { cwd: ROOT });
}

/**
 * The browser, with no way off the machine: every request for anything but loopback goes to a
 * proxy that drops it (blackholeProxy); newContext records each one so the test fails.
 */
export async function launchChromium(): Promise<Browser> {
  // A missing or broken browser must fail loudly, never turn into a skipped test.
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`bash scripts/ensure-system-deps.sh\` (installs Debian's chromium package)`);
  }
  const proxy = { server: await blackholeProxy(), bypass: '127.0.0.1,localhost,[::1]' };
  try {
    return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS, timeout: 20_000, proxy });
  } catch (error) {
    throw new Error(`Chromium (${CHROMIUM}) could not start on this machine: ${(error as Error).message}`, { cause: error });
  }
}

export type Viewport = 'desktop' | 'phone';

/** A phone in portrait (the editor switches to cards and the off-canvas sidebar at <= 768 px). */
export const PHONE = { width: 390, height: 844 } as const;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a request stays on this machine (pages are only ever sent to the overlay on 127.0.0.1). */
export function staysOnLoopback(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:') return true;
  return LOOPBACK_HOSTS.has(parsed.hostname);
}

let blackhole: Promise<string> | null = null;

/**
 * Where the browser's proxy points: a loopback port that accepts and at once closes every
 * connection, so a request for anything off the machine fails there and never goes out (no DNS
 * either: with a proxy the browser resolves nothing itself). Unref'd: it never keeps a run alive.
 */
function blackholeProxy(): Promise<string> {
  blackhole ??= new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
  return blackhole;
}

/**
 * One person's browser: its own cookies, and no internet. Every request is seen: one that would
 * leave loopback is dropped by the browser's proxy (launchChromium) and recorded in
 * `watch.blocked` (expectNoInternet fails on it); loopback bypasses the proxy. Neither Playwright's
 * request routing nor a per-context proxy: with either, Chromium holds back the requests of a
 * popup that its opener writes with document.write (the editor's player), which then never gets
 * its hls.js.
 */
export async function newContext(b: Browser, _origin: string, watch: PageWatch, viewport: Viewport = 'desktop'): Promise<BrowserContext> {
  const context = await b.newContext(
    viewport === 'phone'
      ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' }
      : { viewport: { width: 1280, height: 800 }, locale: 'en-US' },
  );
  context.on('request', (request) => {
    if (!staysOnLoopback(request.url())) watch.blocked.add(request.url());
  });
  return context;
}

/** The end of every browser test file: no page tried to reach anything off this machine. */
export function expectNoInternet(watch: PageWatch): void {
  expect([...watch.blocked], 'requests that left loopback (the console must work offline)').toEqual([]);
}

export async function newPage(context: BrowserContext, who: string, watch: PageWatch): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => watch.pageErrors.push(`${who}: ${error.message}`));
  return page;
}

/** Signs in through the overlay's own form, as a person would; lands on the editor's console. */
export async function signIn(context: BrowserContext, origin: string, username: string, watch: PageWatch, password = `${username}-pass`): Promise<Page> {
  const page = await newPage(context, username, watch);
  await page.goto(`${origin}/`);
  expect(new URL(page.url()).pathname).toBe('/_overlay/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(`${origin}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.locator('vid-identity-chip').waitFor();
  return page;
}

/**
 * Whether a person can see and click the element: it has a box and is what is hit at its centre.
 * (Playwright's isVisible only asks for a box: an item of a collapsed sidebar group has one, clipped
 * to nothing by its group's `max-height: 0; overflow: hidden`.)
 */
export function isShowing(locator: Locator): Promise<boolean> {
  return locator
    .evaluate((el) => {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return false;
      // Inside a shadow root the document would answer with its host: ask the element's own root.
      const root = el.getRootNode() as Document | ShadowRoot;
      const hit = root.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return hit !== null && (el === hit || el.contains(hit));
    })
    .catch(() => false);
}

/**
 * Opens one of the sidebar's tabs the way a person does on the editor 2.0.8's page, where the
 * sidebar loads collapsed to group icons: on a phone the round menu button first (the sidebar is
 * off-canvas), then the group's icon when its items are not showing, then the item. Playwright
 * only clicks what is visible, so a tab that cannot be reached this way fails the test.
 */
export async function openSidebarTab(page: Page, group: string, item: string): Promise<void> {
  const sidebar = page.locator('#sidebar');
  const mobileButton = page.locator('#sidebar-mobile-btn');
  if ((await isShowing(mobileButton)) && !(await sidebar.evaluate((el) => el.classList.contains('open')))) await mobileButton.click();
  const tab = sidebar.locator('.sidebar-item').filter({ has: page.locator('.sidebar-label', { hasText: new RegExp(`^${escapeRegExp(item)}$`) }) });
  if (!(await isShowing(tab))) {
    await sidebar
      .locator('.sidebar-group-label')
      .filter({ has: page.locator('.sidebar-label', { hasText: new RegExp(`^${escapeRegExp(group)}$`) }) })
      .click();
  }
  await tab.click();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The element that has keyboard focus, looking through open shadow roots. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === el;
  });
}

/** Tabs forward from wherever focus is until it reaches `target`: proves it is in the tab order. */
export async function tabTo(page: Page, target: Locator, maxPresses = 25): Promise<number> {
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return presses;
  }
  throw new Error(`${target} was not reached with ${maxPresses} presses of Tab`);
}

export interface Finding {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
}
/** What axe checks: CSS selectors (they reach into open shadow roots); null is the whole document. */
export type AxeScope = { include?: string[]; exclude?: string[] } | null;

/** axe-core in the page; the serious and critical findings are what fails a test. */
export async function axe(page: Page, scope: AxeScope): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (ctx): Promise<Finding[]> => {
    const { axe: engine } = window as unknown as { axe: { run(c: unknown, o: unknown): Promise<AxeResults> } };
    const { violations } = await engine.run(ctx ?? document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  }, scope);
}

export const severe = (findings: Finding[]) => findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');

/** Fails with the findings when axe finds anything serious or critical. */
export async function expectAxeClean(page: Page, scope: AxeScope, what: string): Promise<void> {
  const findings = await axe(page, scope);
  expect(severe(findings), `${what}: ${JSON.stringify(findings, null, 2)}`).toEqual([]);
}
