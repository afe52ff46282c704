/**
 * Browser end-to-end for access requests, in real Chromium through the overlay (IDENTITY=ldap-login,
 * DIRECTORY_WRITE=ldap) in front of the stand-in editor, the MediaMTX API double and a private
 * writable slapd:
 *   an anonymous visitor asks for access as "frank" on /request-access; demo-admin sees the
 *   Stream users tab count 1, grants vid_private and approves with the keyboard, and copies the
 *   one-time set-password link; frank opens it, is told a password containing his name will not
 *   do, sets a good one, signs in through the overlay's LDAP login and sees exactly the streams
 *   vid_private may see in Active Streams.
 * axe-core finds no serious or critical violation on any page or panel on the way. The editor's
 * sidebar loads collapsed (the request count shows on the Directory group's icon) and only what
 * is visible is clicked. No request leaves loopback. Screenshots go to test-results/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import { DEMO_PATHS, startStack, type Stack } from '../harness/stack.ts';
import {
  ensureUiBundle,
  expectAxeClean,
  expectNoInternet,
  isFocused,
  launchChromium,
  newContext,
  newPage,
  openSidebarTab,
  pageWatch,
  RESULTS,
  signIn,
  tabTo,
} from './chromium.ts';

const NEWCOMER = 'frank';
const GRANTED = 'vid_private';
const GOOD_PASSWORD = 'harbour-lights-7-copper';
/**
 * Every demo stream gets an exact rule, so what each group sees is known without the defaults:
 * vid_public sees cam1 and teststream, vid_private drone1 and teststream.
 */
const STREAM_GROUPS: Record<string, string[]> = { cam1: ['vid_public'], drone1: ['vid_private'], teststream: ['vid_public', 'vid_private'] };
const VISIBLE_TO_GRANTED = Object.keys(STREAM_GROUPS)
  .filter((p) => STREAM_GROUPS[p]!.includes(GRANTED))
  .sort();
/** The editor's Active Streams tab polls every 5 s. */
const ONE_REFRESH_MS = 7_000;

let slapd: Slapd | undefined;
let stack: Stack | undefined;
let browser: Browser | undefined;
let rulesDir: string | undefined;
let origin = '';
let admin: Page;
let newcomer: BrowserContext;
/** The one-time link, as the admin copied it. */
let link = '';
const watch = pageWatch();
const timings: Record<string, number> = {};

beforeAll(async () => {
  const started = Date.now();
  await mkdir(RESULTS, { recursive: true });
  rulesDir = await mkdtemp(join(tmpdir(), 'overlay-e2e-rules-'));
  const rulesFile = join(rulesDir, 'rules.json');
  expect(DEMO_PATHS.map((p) => p.name).sort()).toEqual(Object.keys(STREAM_GROUPS).sort());
  await writeFile(rulesFile, JSON.stringify(Object.entries(STREAM_GROUPS).map(([path, groups]) => ({ path, groups }))));
  await ensureUiBundle();
  [browser, slapd] = await Promise.all([launchChromium(), startSlapd({ writable: true })]);
  stack = await startStack({ mode: 'ldap-login', ldap: slapd, env: { DIRECTORY_WRITE: 'ldap', RULES_FILE: rulesFile, REVOCATION_INTERVAL: '0' } });
  origin = stack.overlay.url;
  newcomer = await newContext(browser, origin, watch);
  timings.setup = Date.now() - started;
}, 60_000);

afterAll(async () => {
  // Always: a browser left running would outlive the test worker.
  await browser?.close().catch(() => {});
  await stack?.stop();
  await slapd?.stop();
  if (rulesDir) await rm(rulesDir, { recursive: true, force: true });
  console.log(`request-access e2e timings (ms): ${JSON.stringify(timings)}`);
});

describe('browser end-to-end: from an access request to watching', () => {
  it('an anonymous visitor asks for access on /request-access', async () => {
    const page = await newPage(newcomer, 'visitor', watch);
    await page.goto(`${origin}/request-access`);
    await expectAxeClean(page, null, 'request-access form');
    await page.getByLabel('Full name').fill('Frank Field');
    await page.getByLabel('Email address').fill('frank@new.example.org');
    await page.getByLabel('Desired username').fill(NEWCOMER);
    await page.getByLabel('Why do you need access?').fill('I fly the county drone and need its feed.');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: 'Request sent' }).waitFor();
    expect(await page.locator('main, body').first().textContent()).toContain(`the username ${NEWCOMER} is waiting`);
    await page.close();
  }, 15_000);

  it('demo-admin sees the count, grants vid_private and approves by keyboard, and copies the link', async () => {
    const context = await newContext(browser!, origin, watch);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    admin = await signIn(context, origin, 'demo-admin', watch);
    // The sidebar loads collapsed to icons: the count is on the Directory group's icon.
    const group = admin.getByRole('button', { name: 'Directory (1 access request waiting)', exact: true });
    await group.waitFor();
    expect(await group.locator('.sidebar-icon [data-vid-badge] [aria-hidden="true"]').textContent()).toBe('1');
    await openSidebarTab(admin, 'Directory', 'Stream users');
    const tab = admin.getByRole('button', { name: 'Stream users (1 access request waiting)', exact: true });
    expect(await tab.locator('[data-vid-badge] [aria-hidden="true"]').textContent()).toBe('1');

    const pane = admin.locator('#vid-stream-users');
    const request = pane.locator('li[data-request]');
    await request.waitFor();
    expect(await request.count()).toBe(1);
    expect(await request.locator('h3').textContent()).toBe(`Frank Field asks for “${NEWCOMER}”`);
    // Only stream groups are offered, none ticked, each named after group and request.
    const offered = request.getByRole('switch');
    expect(await offered.evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).checked]))).toEqual(
      expect.arrayContaining([
        [GRANTED, false],
        ['vid_public', false],
      ]),
    );
    expect(await offered.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name).filter((n) => !n.startsWith('vid_')))).toEqual([]);
    await expectAxeClean(admin, { include: ['#vid-stream-users', '#group-vid-directory'] }, 'Stream users with a request');
    await admin.screenshot({ path: `${RESULTS}/admin-access-request-pending.png` });

    const grant = request.getByRole('switch', { name: `${GRANTED} for ${NEWCOMER}'s request`, exact: true });
    await tab.focus();
    timings.tabsToSwitch = await tabTo(admin, grant);
    await admin.keyboard.press('Space');
    expect(await grant.isChecked()).toBe(true);
    timings.tabsToApprove = await tabTo(admin, request.getByRole('button', { name: `Approve ${NEWCOMER}`, exact: true }));
    const approved = Date.now();
    await admin.keyboard.press('Enter');
    await pane
      .getByRole('status')
      .filter({ hasText: `Approved ${NEWCOMER} with ${GRANTED}.` })
      .waitFor({ timeout: 10_000 });
    timings.approved = Date.now() - approved;

    // The link is shown once, in a named field, and the Copy button has focus: Enter copies it.
    const setup = pane.locator('vid-password-setup');
    const copy = setup.getByRole('button', { name: 'Copy link' });
    await expect.poll(() => isFocused(copy)).toBe(true);
    link = await setup.getByRole('textbox', { name: `Set-password link for ${NEWCOMER}` }).inputValue();
    expect(link).toMatch(new RegExp(`^${origin}/set-password\\?token=[A-Za-z0-9_-]{43}$`));
    expect(await setup.locator('.setup p').first().innerText()).toContain('Pass this link on to Frank Field (frank@new.example.org) yourself');
    await admin.keyboard.press('Enter');
    await setup.getByRole('status').filter({ hasText: 'Copied the link.' }).waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(await pane.locator('li[data-request]').count()).toBe(0);
    await expect.poll(() => tab.locator('[data-vid-badge]').count()).toBe(0);
    expect(await admin.locator('#group-vid-directory .sidebar-icon [data-vid-badge]').count()).toBe(0);
    await expectAxeClean(admin, { include: ['#vid-stream-users'] }, 'Stream users after approving');
    await admin.screenshot({ path: `${RESULTS}/admin-access-request-approved.png`, fullPage: true });
  }, 30_000);

  it(`${NEWCOMER} opens the link and sets a password the policy accepts`, async () => {
    const page = await newPage(newcomer, NEWCOMER, watch);
    await page.goto(link);
    await expectAxeClean(page, null, 'set-password form');
    const choose = async (password: string) => {
      await page.getByLabel('New password').fill(password);
      await page.getByLabel('Repeat the password').fill(password);
      await page.getByRole('button', { name: 'Set password' }).click();
    };
    await choose(`${NEWCOMER}-password-1`);
    await page.getByRole('alert').filter({ hasText: 'must not contain your username' }).waitFor();
    await choose(GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Password set' }).waitFor();
    await page.close();
  }, 15_000);

  it(`${NEWCOMER} signs in through the overlay and sees exactly the ${GRANTED} streams`, async () => {
    const page = await signIn(newcomer, origin, NEWCOMER, watch, GOOD_PASSWORD);
    const names = () => page.locator('#streams-container .watch-stream-btn').evaluateAll((els) => els.map((e) => e.getAttribute('data-stream-name')).sort());
    await expect.poll(names, { timeout: ONE_REFRESH_MS }).toEqual(VISIBLE_TO_GRANTED);
    expect(VISIBLE_TO_GRANTED).toEqual(['drone1', 'teststream']);
    expect(await page.getByRole('list', { name: 'Your stream groups' }).getByRole('listitem').allTextContents()).toEqual([GRANTED]);
    expect(await page.locator('button[data-vid-tab], #group-vid-directory').count()).toBe(0); // a viewer, not an admin
    await page.screenshot({ path: `${RESULTS}/newcomer-active-streams.png`, fullPage: true });
    expect(watch.pageErrors).toEqual([]);
  }, 20_000);

  it('no page tried to reach anything off this machine', () => {
    expectNoInternet(watch);
  });
});
