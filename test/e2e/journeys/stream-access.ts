/**
 * Journey: an admin changes who can see a stream and the viewer's list follows, in real Chromium
 * through the overlay in front of the stand-in editor or the real one (console-stack.ts):
 *   the admin opens Stream access from the collapsed sidebar (the Directory group's icon, then the
 *   item), turns vid_public off for cam1 with the keyboard; demo-viewer (vid_public) loses cam1
 *   from Active Streams within one refresh and the auth endpoint denies their playback; the admin
 *   adds demo-viewer to vid_private with the keyboard and cam1 comes back, playback allowed again.
 * Every switch is named after its group and stream/person, and axe-core finds no serious or
 * critical violation in the overlay's parts (and, on the stand-in, on the whole pages). Nothing
 * leaves loopback. Screenshots go to test-results/<editor>-*.png.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlapd, type Slapd } from '../../harness/slapd.ts';
import { DEMO_PATHS } from '../../harness/stack.ts';
import {
  axe,
  ensureUiBundle,
  expectNoInternet,
  isShowing,
  launchChromium,
  newContext,
  openSidebarTab,
  pageWatch,
  RESULTS,
  severe,
  signIn,
  tabTo,
} from '../chromium.ts';
import { editorName, startConsoleStack, type ConsoleStack, type EditorChoice } from '../console-stack.ts';
import { OVERLAY_PARTS, overlayFindings, unexpectedPageErrors } from './editor-quirks.ts';

const STREAM = 'cam1';
const VIEWER = 'demo-viewer';
/** The editor's Active Streams tab polls every 5 s; "within one refresh" leaves 2 s for the round trip. */
const ONE_REFRESH_MS = 7_000;

/** A stream's row in the editor's Active Streams, found by its Watch button (table or card). */
export const streamRow = (page: Page, name: string) => page.locator(`#streams-container .watch-stream-btn[data-stream-name="${name}"]`);

export function streamAccessJourney(editor: EditorChoice | null, skipped: string | null = null): void {
  if (skipped) console.info(`stream-access journey on the real editor skipped: ${skipped}`);
  describe.skipIf(!editor)(`browser journey on the ${editor ? editorName(editor) : 'real-editor'}: stream access through the overlay`, () => {
    let slapd: Slapd | undefined;
    let stack: ConsoleStack | undefined;
    let browser: Browser | undefined;
    let admin: Page;
    let viewer: Page;
    const watch = pageWatch();
    const timings: Record<string, number> = {};
    let token = '';
    const shot = (page: Page, name: string) => page.screenshot({ path: `${RESULTS}/${editorName(editor!)}-${name}.png`, fullPage: true });

    /** POST /auth/mediamtx the way MediaMTX does for an HLS read with the editor's credential. */
    async function playback(path: string): Promise<number> {
      const res = await fetch(`${stack!.origin}/auth/mediamtx`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          ip: '10.0.0.5',
          user: VIEWER,
          password: token,
          token: '',
          action: 'read',
          path,
          protocol: 'hls',
          id: null,
          query: '',
          userAgent: 'e2e',
        }),
      });
      await res.arrayBuffer();
      return res.status;
    }

    async function viewerSees(name: string, visible: boolean, since: number): Promise<number> {
      await streamRow(viewer, name).waitFor({ state: visible ? 'visible' : 'detached', timeout: ONE_REFRESH_MS });
      return Date.now() - since;
    }

    beforeAll(async () => {
      const started = Date.now();
      await mkdir(RESULTS, { recursive: true });
      await ensureUiBundle();
      browser = await launchChromium();
      slapd = await startSlapd({ writable: true });
      stack = await startConsoleStack(editor!, slapd);
      const origin = stack.origin;
      [admin, viewer] = await Promise.all([
        newContext(browser, origin, watch).then((c) => signIn(c, origin, 'demo-admin', watch)),
        newContext(browser, origin, watch).then((c) => signIn(c, origin, VIEWER, watch)),
      ]);
      timings.setup = Date.now() - started;
    }, 90_000);

    afterAll(async () => {
      await browser?.close().catch(() => {});
      await stack?.stop();
      await slapd?.stop();
      console.log(`${editor ? editorName(editor) : ''} stream-access timings (ms): ${JSON.stringify(timings)}`);
    });

    it('starts with the viewer seeing every demo stream and allowed to play cam1', async () => {
      for (const p of DEMO_PATHS) await streamRow(viewer, p.name).waitFor({ timeout: ONE_REFRESH_MS });
      const credential = await viewer.evaluate(
        async () => (await fetch('/api/hlsviewer-credential')).json() as Promise<{ username: string; password: string }>,
      );
      expect(credential.username).toBe(VIEWER);
      token = credential.password;
      expect(await playback(STREAM)).toBe(204);
      expect(await viewer.locator('[data-vid-tab], #group-vid-directory').count()).toBe(0);
    }, 20_000);

    it('admin: opens Stream access from the collapsed sidebar; every switch is named, axe passes; vid_public goes off for cam1 by keyboard', async () => {
      // As the page loads, the sidebar is icons only: the item is not there to click.
      const item = admin.locator('#sidebar [data-vid-tab="vid-stream-access"]');
      expect(await isShowing(item)).toBe(false);
      expect(await isShowing(admin.locator('#group-vid-directory > .sidebar-group-label .material-symbols-outlined'))).toBe(true);
      await openSidebarTab(admin, 'Directory', 'Stream access');
      const pane = admin.locator('#vid-stream-access');
      await pane.locator('li[data-path="cam1"]').waitFor();

      const groups = await pane.locator('li[data-path="cam1"] input[role="switch"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name));
      expect(groups).toEqual(expect.arrayContaining(['vid_public', 'vid_private']));
      let named = 0;
      for (const p of DEMO_PATHS) {
        for (const g of groups) named += await pane.getByRole('switch', { name: `${g} for ${p.name}`, exact: true }).count();
      }
      expect(named).toBe(groups.length * DEMO_PATHS.length);
      expect(await pane.getByRole('switch').count()).toBe(named);

      const panelFindings = overlayFindings(editor!, await axe(admin, { include: ['#vid-stream-access', ...OVERLAY_PARTS] }));
      expect(severe(panelFindings), JSON.stringify(panelFindings, null, 2)).toEqual([]);

      const search = pane.getByLabel('Find a stream');
      await search.fill(STREAM);
      await expect.poll(() => pane.locator('li[data-path]').count()).toBe(1);
      const publicSwitch = pane.getByRole('switch', { name: /^vid_public for cam1$/ });
      expect(await publicSwitch.isChecked()).toBe(true);
      await search.focus();
      timings.tabsToPublicSwitch = await tabTo(admin, publicSwitch);
      const toggled = Date.now();
      await admin.keyboard.press('Space');
      await pane.getByRole('status').filter({ hasText: 'Saved: cam1 is visible to vid_private.' }).waitFor({ timeout: 5_000 });
      timings.ruleSaved = Date.now() - toggled;
      expect(await publicSwitch.isChecked()).toBe(false);
      expect(await pane.getByRole('switch', { name: 'vid_private for cam1', exact: true }).isChecked()).toBe(true);
      await expect.poll(() => pane.locator('li[data-path="cam1"]').textContent()).toContain("this stream's own rule");
      await shot(admin, 'admin-stream-access');

      timings.viewerLostStream = await viewerSees(STREAM, false, toggled);
      expect(await streamRow(viewer, 'drone1').count()).toBe(1);
      expect(await playback(STREAM)).toBe(401);
      expect(await playback('drone1')).toBe(204);
    }, 40_000);

    it('admin: Stream users passes axe; adding demo-viewer to vid_private by keyboard brings cam1 back', async () => {
      await openSidebarTab(admin, 'Directory', 'Stream users');
      const pane = admin.locator('#vid-stream-users');
      await pane.locator(`tr[data-user="${VIEWER}"]`).waitFor();
      const search = pane.getByRole('searchbox', { name: 'Search people' });
      await search.fill(VIEWER);
      await search.press('Enter');
      await expect.poll(() => pane.locator('tr[data-user]').count()).toBe(1);
      const row = pane.locator(`tr[data-user="${VIEWER}"]`);
      const rowSwitches = row.getByRole('switch');
      expect(await rowSwitches.count()).toBeGreaterThan(0);
      expect(await row.getByRole('switch', { name: new RegExp(`^vid_\\S.* for ${VIEWER}$`) }).count()).toBe(await rowSwitches.count());
      const panelFindings = await axe(admin, { include: ['#vid-stream-users'] });
      expect(severe(panelFindings), JSON.stringify(panelFindings, null, 2)).toEqual([]);

      const privateSwitch = pane.getByRole('switch', { name: `vid_private for ${VIEWER}`, exact: true });
      expect(await privateSwitch.isChecked()).toBe(false);
      await search.focus();
      timings.tabsToPrivateSwitch = await tabTo(admin, privateSwitch);
      const toggled = Date.now();
      await admin.keyboard.press('Space');
      await pane
        .getByRole('status')
        .filter({ hasText: `${VIEWER} is now in vid_private.` })
        .waitFor({ timeout: 5_000 });
      timings.membershipSaved = Date.now() - toggled;
      await shot(admin, 'admin-stream-users');
      timings.viewerRegainedStream = await viewerSees(STREAM, true, toggled);
      expect(await playback(STREAM)).toBe(204);
      await shot(viewer, 'viewer-active-streams');
    }, 30_000);

    it("Active Streams: the admin's rows show who can see each stream, next to a badge that says it is about links", async () => {
      await openSidebarTab(admin, 'Streaming', 'Active Streams');
      const chips = admin.getByRole('group', { name: `Groups that can see ${STREAM}` });
      await chips.waitFor({ timeout: ONE_REFRESH_MS });
      expect(await chips.getByRole('button').allTextContents()).toEqual([`vid_private: change who can see ${STREAM}`]);
      const adminBadge = admin.locator(`#streams-container .share-mode-badge[data-stream-name="${STREAM}"]`);
      expect([await adminBadge.textContent(), await adminBadge.isEnabled()]).toEqual(['Links: token', true]);
      const viewerBadge = viewer.locator(`#streams-container .share-mode-badge[data-stream-name="${STREAM}"]`);
      expect([await viewerBadge.textContent(), await viewerBadge.isEnabled()]).toEqual(['Links: token', false]);
      await shot(admin, 'admin-active-streams');
      if (editor!.kind === 'stand-in') {
        // The stand-in's markup passes axe but for the editor's <html> without lang (as 2.0.8 writes
        // it): the whole pages are checked (the real editor's are not ours to fix).
        for (const [who, page] of [
          ['admin', admin],
          ['viewer', viewer],
        ] as const) {
          const findings = (await axe(page, null)).filter((f) => f.id !== 'html-has-lang');
          expect(severe(findings), `${who}: ${JSON.stringify(findings, null, 2)}`).toEqual([]);
        }
      } else {
        const findings = overlayFindings(
          editor!,
          await axe(admin, { include: ['#streams-container vid-stream-chips', '#streams-container .share-mode-badge', ...OVERLAY_PARTS] }),
        );
        expect(severe(findings), JSON.stringify(findings, null, 2)).toEqual([]);
      }
    }, 20_000);

    it('nothing threw that the editor does not throw by itself, and no request left loopback', () => {
      expect(unexpectedPageErrors(editor!, watch.pageErrors)).toEqual([]);
      expectNoInternet(watch);
    });
  });
}
