/**
 * Browser end-to-end in real Chromium (Debian's `chromium`, driven by playwright-core) through the
 * overlay (IDENTITY=ldap-login) in front of the stand-in editor, the MediaMTX API double and a
 * private writable slapd:
 *   an admin turns vid_public off for cam1 with the keyboard; demo-viewer (vid_public) loses cam1
 *   from Active Streams within one refresh and the auth endpoint denies their playback; the admin
 *   adds demo-viewer to vid_private with the keyboard and cam1 comes back, playback allowed again.
 * Every switch is named after its group and stream/person and is reached and flipped with the
 * keyboard, and axe-core finds no serious or critical violation in the overlay's panels nor on the
 * whole pages. The pages reach nothing but the overlay. Screenshots go to test-results/.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import { DEMO_PATHS, startStack, type Stack } from '../harness/stack.ts';
import { axe, ensureUiBundle, launchChromium, newContext, pageWatch, RESULTS, severe, signIn, tabTo } from './chromium.ts';

const STREAM = 'cam1';
const VIEWER = 'demo-viewer';
/**
 * The vanilla editor's Watch buttons: white on its default --primary (#3b82f6) is 3.7:1, a serious
 * color-contrast finding in markup the overlay never touches; every other node is checked.
 */
const EDITOR_WATCH_BUTTONS = '#streams-container .watch-btn';
/** The editor's Active Streams tab polls every 5 s; "within one refresh" leaves 2 s for the round trip. */
const ONE_REFRESH_MS = 7_000;

let slapd: Slapd | undefined;
let stack: Stack | undefined;
let browser: Browser | undefined;
let admin: Page;
let viewer: Page;
/** Off-machine requests the pages tried (refused) and uncaught exceptions in either page. */
const watch = pageWatch();
const timings: Record<string, number> = {};
/** The viewer's playback token, as the editor's Watch button gets it. */
let token = '';

/** The editor's Active Streams rows as the viewer sees them. */
const streamRow = (page: Page, name: string) => page.locator(`#streams-container [data-stream="${name}"]`);

/** POST /auth/mediamtx the way MediaMTX does for an HLS read with the editor's credential. */
async function playback(path: string): Promise<number> {
  const res = await fetch(`${stack!.overlay.url}/auth/mediamtx`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ip: '10.0.0.5', user: VIEWER, password: token, token: '', action: 'read', path, protocol: 'hls', id: null, query: '', userAgent: 'e2e',
    }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Waits until the viewer's page no longer lists (or lists again) the stream; returns how long it took. */
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
  stack = await startStack({ mode: 'ldap-login', ldap: slapd, env: { DIRECTORY_WRITE: 'ldap' } });
  const origin = stack.overlay.url;
  // Two contexts: two people with their own cookies, as on two machines.
  [admin, viewer] = await Promise.all([
    newContext(browser, origin, watch).then((c) => signIn(c, origin, 'demo-admin', watch)),
    newContext(browser, origin, watch).then((c) => signIn(c, origin, VIEWER, watch)),
  ]);
  timings.setup = Date.now() - started;
}, 90_000);

afterAll(async () => {
  // Always: a browser left running would outlive the test worker.
  await browser?.close().catch(() => {});
  await stack?.stop();
  await slapd?.stop();
  console.log(`browser e2e timings (ms): ${JSON.stringify(timings)}; blocked off-machine origins: ${[...watch.blocked].join(', ') || 'none'}`);
});

describe('browser end-to-end: stream access through the overlay', () => {
  it('starts with the viewer seeing every demo stream and allowed to play cam1', async () => {
    for (const p of DEMO_PATHS) await streamRow(viewer, p.name).waitFor({ timeout: ONE_REFRESH_MS });
    // Fetched inside the viewer's browser, with their session cookie, as the Watch button does.
    const credential = await viewer.evaluate(async () => (await fetch('/api/hlsviewer-credential')).json() as Promise<{ username: string; password: string }>);
    expect(credential.username).toBe(VIEWER);
    token = credential.password;
    expect(await playback(STREAM)).toBe(204);
    // A viewer never gets the admin tabs.
    expect(await viewer.locator('button[data-vid-tab]').count()).toBe(0);
  }, 20_000);

  it('admin: Stream access names every switch and passes axe; vid_public goes off for cam1 by keyboard', async () => {
    await admin.getByRole('button', { name: 'Stream access' }).click();
    const pane = admin.locator('#vid-stream-access');
    await pane.locator('li[data-path="cam1"]').waitFor();

    // Every switch is named "<group> for <stream>": count the named ones against all of them.
    const groups = await pane.locator('li[data-path="cam1"] input[role="switch"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name));
    expect(groups).toEqual(expect.arrayContaining(['vid_public', 'vid_private']));
    let named = 0;
    for (const p of DEMO_PATHS) {
      for (const g of groups) named += await pane.getByRole('switch', { name: `${g} for ${p.name}`, exact: true }).count();
    }
    expect(named).toBe(groups.length * DEMO_PATHS.length);
    expect(await pane.getByRole('switch').count()).toBe(named);

    const panelFindings = await axe(admin, { include: ['#vid-stream-access', 'vid-overlay-root', '#sidebar [data-vid-tab]'] });
    expect(severe(panelFindings), JSON.stringify(panelFindings, null, 2)).toEqual([]);

    // Find the stream the way an admin would, then reach its switch with Tab and flip it with Space.
    const search = pane.getByLabel('Find a stream');
    await search.fill(STREAM);
    await expect.poll(() => pane.locator('li[data-path]').count()).toBe(1);
    const publicSwitch = pane.getByRole('switch', { name: /^vid_public for cam1$/ });
    expect(await publicSwitch.isChecked()).toBe(true); // cam1 has no rule: the default groups
    await search.focus();
    timings.tabsToPublicSwitch = await tabTo(admin, publicSwitch);
    const toggled = Date.now();
    await admin.keyboard.press('Space');
    await pane.getByRole('status').filter({ hasText: 'Saved: cam1 is visible to vid_private.' }).waitFor({ timeout: 5_000 });
    timings.ruleSaved = Date.now() - toggled;
    expect(await publicSwitch.isChecked()).toBe(false);
    expect(await pane.getByRole('switch', { name: 'vid_private for cam1', exact: true }).isChecked()).toBe(true);
    await expect.poll(() => pane.locator('li[data-path="cam1"]').textContent()).toContain("this stream's own rule");
    await admin.screenshot({ path: `${RESULTS}/admin-stream-access.png`, fullPage: true });

    timings.viewerLostStream = await viewerSees(STREAM, false, toggled);
    expect(await streamRow(viewer, 'drone1').count()).toBe(1); // only cam1 went away
    expect(await playback(STREAM)).toBe(401);
    expect(await playback('drone1')).toBe(204);
  }, 30_000);

  it('admin: Stream users passes axe; adding demo-viewer to vid_private by keyboard brings cam1 back', async () => {
    await admin.getByRole('button', { name: 'Stream users' }).click();
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
    expect(await pane.getByRole('switch', { name: `vid_public for ${VIEWER}`, exact: true }).isChecked()).toBe(true);
    await search.focus();
    timings.tabsToPrivateSwitch = await tabTo(admin, privateSwitch);
    const toggled = Date.now();
    await admin.keyboard.press('Space');
    await pane.getByRole('status').filter({ hasText: `${VIEWER} is now in vid_private.` }).waitFor({ timeout: 5_000 });
    timings.membershipSaved = Date.now() - toggled;
    expect(await privateSwitch.isChecked()).toBe(true);
    await admin.screenshot({ path: `${RESULTS}/admin-stream-users.png`, fullPage: true });

    timings.viewerRegainedStream = await viewerSees(STREAM, true, toggled);
    // The same token as before: it names the person only, their groups are checked on every request.
    expect(await playback(STREAM)).toBe(204);
    await viewer.screenshot({ path: `${RESULTS}/viewer-active-streams.png`, fullPage: true });
  }, 30_000);

  it('whole pages: no serious axe finding outside the editor\'s own Watch buttons, and nothing threw', async () => {
    // The admin's Active Streams rows carry the overlay's group chips; cam1 now shows its own rule's group.
    await admin.getByRole('button', { name: 'Active Streams' }).click();
    const chips = admin.getByRole('group', { name: `Groups that can see ${STREAM}` });
    await chips.waitFor();
    expect(await chips.getByRole('button').allTextContents()).toEqual([`vid_private: change who can see ${STREAM}`]);
    for (const [who, page] of [['admin', admin], ['viewer', viewer]] as const) {
      const findings = await axe(page, { exclude: [EDITOR_WATCH_BUTTONS] });
      expect(severe(findings), `${who}: ${JSON.stringify(findings, null, 2)}`).toEqual([]);
    }
    expect(watch.pageErrors).toEqual([]);
  }, 20_000);
});
