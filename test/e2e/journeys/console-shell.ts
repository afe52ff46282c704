/**
 * Journey: the console around the panels, on desktops and phones, with no internet, in real
 * Chromium through the overlay in front of the stand-in editor or the real one (console-stack.ts):
 *   no page shows the overlay's editor service account, and the header holds one identity (the
 *   directory person) with one Sign out that ends the directory session; the viewer's header says
 *   what the editor's GET /api/status says; on a phone (390×844) an admin opens Stream access from
 *   the off-canvas sidebar, and a viewer's Watch opens the overlay's player, which asks for her own
 *   stream with her own token, while another stream's player is a 404; the icon font is served by
 *   the overlay (icons are icon-sized, not words) and the desktop player popup gets hls.js. Nothing
 *   leaves loopback. Screenshots go to test-results/<editor>-*.png.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlapd, type Slapd } from '../../harness/slapd.ts';
import {
  ensureUiBundle,
  expectNoInternet,
  isShowing,
  launchChromium,
  newContext,
  openSidebarTab,
  pageWatch,
  PHONE,
  RESULTS,
  signIn,
  type PageWatch,
} from '../chromium.ts';
import { editorName, SERVICE_ACCOUNTS, startConsoleStack, type ConsoleStack, type EditorChoice } from '../console-stack.ts';
import { unexpectedPageErrors } from './editor-quirks.ts';
import { streamRow } from './stream-access.ts';

/** drone1 is vid_private's only: demo-viewer (vid_public) sees cam1 and teststream. */
const RULES = [{ path: 'drone1', groups: ['vid_private'] }];
const VIEWER = 'demo-viewer';
const ONE_REFRESH_MS = 7_000;
/** The editor's header words for GET /api/status's `status`. */
const STATUS_WORDS: Record<string, string> = { running: 'MediaMTX Running', starting: 'MediaMTX Starting', stopped: 'MediaMTX Stopped' };
/** What the editor's viewer page asks for on load (its script is the admins': the status calls too). */
const VIEWER_PAGE_CALLS = [
  '/api/status',
  '/api/streams',
  '/api/hlsviewer-credential',
  '/api/public-access/status',
  '/api/teststream-viewer/status',
  '/api/srt-passphrase/status',
  '/api/protocols/status',
  '/api/mediamtx/users',
];
const PLAYLIST = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.0,\nsegment0.ts\n';

/**
 * Answers HLS playlists itself (no MediaMTX HLS server here) and records who asked for which.
 * Only where no player popup opens: with routing on, Chromium holds back a document.write popup's
 * requests (see chromium.ts).
 */
async function servePlaylists(context: BrowserContext): Promise<Request[]> {
  const asked: Request[] = [];
  await context.route(
    (url) => url.pathname.startsWith('/hls-proxy/'),
    (route) => {
      if (!route.request().url().split('?')[0]!.endsWith('.m3u8')) return route.fulfill({ status: 404, body: '' });
      asked.push(route.request());
      return route.fulfill({ status: 200, contentType: 'application/vnd.apple.mpegurl', body: PLAYLIST });
    },
  );
  return asked;
}

/** What a page shows of who is signed in: its visible text, and the visible sign-out links. */
async function identityShown(page: Page) {
  const text = await page.evaluate(() => document.body.innerText);
  const signOuts = page.getByRole('link', { name: /^(sign out|log ?out)$/i });
  let visibleSignOuts = 0;
  for (let i = 0; i < (await signOuts.count()); i++) if (await isShowing(signOuts.nth(i))) visibleSignOuts++;
  return { text, visibleSignOuts, passwordModal: await page.locator('#password-modal').isVisible() };
}

export function consoleShellJourney(editor: EditorChoice | null, skipped: string | null = null): void {
  if (skipped) console.info(`console-shell journey on the real editor skipped: ${skipped}`);
  describe.skipIf(!editor)(`browser journey on the ${editor ? editorName(editor) : 'real-editor'}: header, phone and offline`, () => {
    let slapd: Slapd | undefined;
    let stack: ConsoleStack | undefined;
    let browser: Browser | undefined;
    let rulesDir: string | undefined;
    const watch: PageWatch = pageWatch();
    const pages: Record<'adminDesk' | 'viewerDesk' | 'adminPhone' | 'viewerPhone', Page> = {} as never;
    const playlists: Record<'adminDesk' | 'viewerPhone', Request[]> = { adminDesk: [], viewerPhone: [] };
    /** The viewer's desktop page: status of each path it asked for. */
    const viewerCalls = new Map<string, number[]>();
    const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: `${RESULTS}/${editorName(editor!)}-${name}.png`, fullPage });

    beforeAll(async () => {
      await mkdir(RESULTS, { recursive: true });
      await ensureUiBundle();
      rulesDir = await mkdtemp(join(tmpdir(), 'overlay-e2e-rules-'));
      await writeFile(join(rulesDir, 'rules.json'), JSON.stringify(RULES));
      [browser, slapd] = await Promise.all([launchChromium(), startSlapd({ writable: true })]);
      stack = await startConsoleStack(editor!, slapd, { RULES_FILE: join(rulesDir, 'rules.json') });
      const origin = stack.origin;
      const open = async (viewport: 'desktop' | 'phone', who: string) => {
        const context = await newContext(browser!, origin, watch, viewport);
        return { context, page: await signIn(context, origin, who, watch) };
      };
      const viewerContext = await newContext(browser!, origin, watch);
      viewerContext.on('response', (response) => {
        const { pathname } = new URL(response.url());
        viewerCalls.set(pathname, [...(viewerCalls.get(pathname) ?? []), response.status()]);
      });
      const [adminDesk, viewerDesk, adminPhone, viewerPhone] = await Promise.all([
        open('desktop', 'demo-admin'),
        { context: viewerContext, page: await signIn(viewerContext, origin, VIEWER, watch) },
        open('phone', 'demo-admin'),
        open('phone', VIEWER),
      ]);
      // The desktop player's playlist request goes through the overlay (and fails: no HLS server); seeing it is enough.
      adminDesk.context.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/hls-proxy/')) playlists.adminDesk.push(request);
      });
      playlists.viewerPhone = await servePlaylists(viewerPhone.context);
      Object.assign(pages, { adminDesk: adminDesk.page, viewerDesk: viewerDesk.page, adminPhone: adminPhone.page, viewerPhone: viewerPhone.page });
    }, 90_000);

    afterAll(async () => {
      await browser?.close().catch(() => {});
      await stack?.stop();
      await slapd?.stop();
      if (rulesDir) await rm(rulesDir, { recursive: true, force: true });
    });

    it('no page shows the service account: the header holds the directory person with one Sign out', async () => {
      for (const [key, person] of [
        ['adminDesk', 'Demo Admin'],
        ['viewerDesk', 'Demo Viewer'],
        ['adminPhone', 'Demo Admin'],
        ['viewerPhone', 'Demo Viewer'],
      ] as const) {
        const page = pages[key];
        await streamRow(pages.viewerDesk, 'cam1').waitFor({ timeout: ONE_REFRESH_MS });
        const shown = await identityShown(page);
        for (const account of Object.values(SERVICE_ACCOUNTS)) expect(shown.text, `${key} shows ${account}`).not.toContain(account);
        expect(shown.text, key).not.toContain('person_edit');
        expect([shown.visibleSignOuts, shown.passwordModal], key).toEqual([1, false]);
        const header = page.locator('.header-user');
        expect(await isShowing(header.getByText(person, { exact: true })), key).toBe(true);
        expect(await header.locator('vid-identity-chip .role').textContent(), key).toBe(person === 'Demo Admin' ? 'admin' : 'viewer');
      }
      await pages.viewerPhone.locator('.header').screenshot({ path: `${RESULTS}/${editorName(editor!)}-viewer-phone-header.png` });
      await shot(pages.viewerDesk, 'viewer-header', false);
    }, 30_000);

    it("the viewer's header shows the server state GET /api/status gives", async () => {
      const page = pages.viewerDesk;
      const answer = await page.evaluate(async () => {
        const r = await fetch('/api/status');
        return { status: r.status, body: (await r.json()) as { status: string; color: string } };
      });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['color', 'status']);
      await expect
        .poll(() => page.locator('#status-text').textContent(), { timeout: ONE_REFRESH_MS })
        .toContain(STATUS_WORDS[answer.body.status] ?? 'MediaMTX Stopped');
      if (stack!.standIn) {
        // The stand-in's MediaMTX starts: the header follows within one poll (5 s).
        stack!.standIn.setServiceState('activating');
        await expect.poll(() => page.locator('#status-text').textContent(), { timeout: ONE_REFRESH_MS }).toContain('MediaMTX Starting');
        stack!.standIn.setServiceState('active');
      }
    }, 20_000);

    it("the viewer's page gets an answer to each of its own requests", async () => {
      await expect.poll(() => VIEWER_PAGE_CALLS.filter((path) => !viewerCalls.has(path)), { timeout: ONE_REFRESH_MS }).toEqual([]);
      const refused = VIEWER_PAGE_CALLS.filter((path) => viewerCalls.get(path)!.some((status) => status !== 200));
      expect(refused, JSON.stringify(Object.fromEntries(viewerCalls))).toEqual([]);
    }, 20_000);

    it('phone: the admin opens Stream access from the off-canvas sidebar, which closes again', async () => {
      const page = pages.adminPhone;
      expect(await isShowing(page.locator('#sidebar-mobile-btn'))).toBe(true);
      expect(await isShowing(page.locator('#group-vid-directory .sidebar-group-label'))).toBe(false); // off-canvas
      await openSidebarTab(page, 'Directory', 'Stream access');
      await page.locator('#vid-stream-access li[data-path="cam1"]').waitFor();
      await expect.poll(() => page.locator('#sidebar').evaluate((el) => el.classList.contains('open'))).toBe(false);
      // The off-canvas sidebar slides away (a 0.3 s transition) before the pane under it shows.
      await expect.poll(() => isShowing(page.locator('#vid-stream-access li[data-path="cam1"]'))).toBe(true);
      await shot(page, 'admin-phone-stream-access');
    }, 20_000);

    it("phone: the viewer's cards carry read-only link badges; Watch plays her stream with her own token; another stream is 404", async () => {
      const page = pages.viewerPhone;
      await streamRow(page, 'cam1').waitFor({ timeout: ONE_REFRESH_MS });
      expect(await page.locator('#streams-container table').count()).toBe(0); // cards at <= 768 px
      const names = await page.locator('#streams-container .watch-stream-btn').evaluateAll((els) => els.map((e) => e.getAttribute('data-stream-name')).sort());
      expect(names).toEqual(['cam1', 'teststream']);
      const badge = page.locator('#streams-container .share-mode-badge[data-stream-name="cam1"]');
      expect([await badge.textContent(), await badge.isEnabled()]).toEqual(['Links: token', false]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await shot(page, 'viewer-phone-active-streams');

      await Promise.all([page.waitForURL(/\/watch\/cam1$/), streamRow(page, 'cam1').click()]);
      await expect.poll(() => playlists.viewerPhone.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const asked = new URL(playlists.viewerPhone[0]!.url());
      expect(asked.pathname).toBe('/hls-proxy/cam1/index.m3u8');
      expect(await stack!.overlay.services!.tokens.verify(asked.searchParams.get('token')!)).toMatchObject({ user: VIEWER });
      const player = await page.content();
      for (const account of Object.values(SERVICE_ACCOUNTS)) expect(player).not.toContain(account);
      if (stack!.standIn) expect(player).not.toContain(stack!.standIn.hlsViewerPassword);
      await shot(page, 'viewer-phone-watch');
      const other = await page.goto(`${stack!.origin}/watch/drone1`);
      expect(other!.status()).toBe(404);
      await page.goto(`${stack!.origin}/`);
    }, 30_000);

    it("offline: the icons are the overlay's icon font, not words, and the desktop player gets hls.js", async () => {
      const page = pages.adminDesk;
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      expect(await page.evaluate(() => document.fonts.check('28px "Material Symbols Outlined"'))).toBe(true);
      const icons = page.locator('#sidebar .sidebar-group-label .sidebar-icon .material-symbols-outlined');
      const widths = await icons.evaluateAll((els) => els.map((e) => [e.textContent, Math.round(e.getBoundingClientRect().width)] as const));
      expect(widths.map(([name]) => name)).toEqual(['monitoring', 'videocam', 'settings', 'build', 'admin_panel_settings', 'groups']);
      // A 28 px icon is about 28 px wide; the word "admin_panel_settings" at 28 px would be several hundred.
      for (const [name, width] of widths) expect(width, `${name} icon`).toBeLessThanOrEqual(40);

      await openSidebarTab(page, 'Streaming', 'Active Streams');
      await streamRow(page, 'cam1').waitFor({ timeout: ONE_REFRESH_MS });
      const [popup] = await Promise.all([page.waitForEvent('popup'), streamRow(page, 'cam1').click()]);
      await popup.waitForFunction(() => typeof (window as unknown as { Hls?: unknown }).Hls === 'function', undefined, { timeout: 10_000 });
      await expect.poll(() => playlists.adminDesk.map((r) => new URL(r.url()).pathname), { timeout: 10_000 }).toContain('/hls-proxy/cam1/index.m3u8');
      await popup.close();
      await shot(page, 'admin-icons', false);
    }, 30_000);

    it('Sign out ends the directory session', async () => {
      const page = pages.viewerDesk;
      await page.locator('.header-user').getByRole('link', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/_overlay/login');
      await page.goto(`${stack!.origin}/`);
      expect(new URL(page.url()).pathname).toBe('/_overlay/login');
    }, 20_000);

    it('nothing threw that the editor does not throw by itself, and no request left loopback', () => {
      expect(unexpectedPageErrors(editor!, watch.pageErrors)).toEqual([]);
      expectNoInternet(watch);
    });
  });
}
