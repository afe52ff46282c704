/**
 * Browser end-to-end for the activity log (issue 15), in real Chromium through the overlay
 * (IDENTITY=ldap-login) in front of the stand-in editor, the MediaMTX API double and a private
 * slapd:
 *   demo-admin saves the YAML through the editor with a new MediaMTX user whose password is
 *   PASSWORD; she opens Directory → Activity from the collapsed sidebar (the group's icon, then the
 *   item), sees the save under her name, reaches "Show changes" with the keyboard and sees the diff
 *   with the password shown as "redacted". The password is nowhere on the page (text, attributes,
 *   shadow roots) nor in the CSV the panel links. axe-core finds nothing serious or critical in
 *   the panel. No request leaves loopback. Screenshots go to test-results/.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import {
  ensureUiBundle,
  expectAxeClean,
  expectNoInternet,
  isShowing,
  launchChromium,
  newContext,
  openSidebarTab,
  pageWatch,
  RESULTS,
  signIn,
  tabTo,
} from './chromium.ts';
import { startConsoleStack, type ConsoleStack } from './console-stack.ts';
import { SAMPLE_LAYOUT } from '../stand-in-editor/index.ts';

const ADMIN = 'demo-admin';
/** What the save puts into the config, and what no page, answer or download may ever show. */
const PASSWORD = 'Tr0ub4dor-e2e-activity-9f3c';
const NEW_USER = { user: 'ops-camera', pass: PASSWORD, ips: [], permissions: [{ action: 'publish', path: 'ops' }] };

let slapd: Slapd | undefined;
let stack: ConsoleStack | undefined;
let browser: Browser | undefined;
let admin: Page;
const watch = pageWatch();

/** Everything the page holds: its markup with every open shadow root's, and each form field's current value. */
function everythingOn(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      parts.push(root instanceof Document ? root.documentElement.outerHTML : root.innerHTML);
      for (const el of root.querySelectorAll('*')) {
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) parts.push(el.value);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return parts.join('\n');
  });
}

/**
 * The admin saves the YAML as the editor's Advanced YAML tab does: its form posts `yaml_content`
 * to /save_yaml and the editor redirects back to the console with a message. The browser sends it,
 * with her session, through the overlay.
 */
async function saveYaml(page: Page, yaml: string): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('message_type') === 'success'),
    page.evaluate((content) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = '/save_yaml';
      form.hidden = true;
      for (const [name, value] of [
        ['yaml_content', content],
        ['current_tab', 'advanced'],
      ]) {
        const field = document.createElement('textarea');
        field.name = name!;
        field.value = value!;
        form.append(field);
      }
      document.body.append(form);
      form.submit();
    }, yaml),
  ]);
}

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  await ensureUiBundle();
  [browser, slapd] = await Promise.all([launchChromium(), startSlapd({ writable: true })]);
  stack = await startConsoleStack({ kind: 'stand-in' }, slapd);
  admin = await signIn(await newContext(browser, stack.origin, watch), stack.origin, ADMIN, watch);
}, 60_000);

afterAll(async () => {
  // Always: a browser left running would outlive the test worker.
  await browser?.close().catch(() => {});
  await stack?.stop();
  await slapd?.stop();
});

describe('browser end-to-end: who changed what, without secrets', () => {
  it(`${ADMIN} saves the YAML through the editor with a new MediaMTX user and a password`, async () => {
    const before = await admin.evaluate(() => fetch('/get_yaml').then((r) => r.text()));
    const config = parse(before) as { authInternalUsers: unknown[] };
    config.authInternalUsers.push(NEW_USER);
    await saveYaml(admin, stringify(config, SAMPLE_LAYOUT));
    // The console the editor redirected to is a fresh page: nothing of the form is left in it.
    await admin.locator('vid-identity-chip').waitFor();
    expect(await admin.evaluate(() => fetch('/get_yaml').then((r) => r.text()))).toContain(NEW_USER.user);
  }, 20_000);

  it('she opens Directory → Activity from the collapsed sidebar and sees the save under her name', async () => {
    expect(await isShowing(admin.locator('#group-vid-directory [data-vid-tab="vid-activity"]'))).toBe(false); // collapsed
    await openSidebarTab(admin, 'Directory', 'Activity');
    const save = admin.locator('#vid-activity tr[data-entry]').filter({ has: admin.locator('td.route', { hasText: '/save_yaml' }) });
    await save.first().waitFor();
    expect(await save.count()).toBe(1);
    const cells = await save.locator('td').allInnerTexts();
    expect(cells[1]).toContain(ADMIN);
    expect([cells[2], cells[4]]).toEqual(['Editor change', 'OK']);
    await expectAxeClean(admin, { include: ['#vid-activity', '#group-vid-directory'] }, 'Activity');
  }, 20_000);

  it('"Show changes" (by keyboard) shows the diff with the password redacted, and the password is nowhere on the page', async () => {
    const save = admin.locator('#vid-activity tr[data-entry]').filter({ has: admin.locator('td.route', { hasText: '/save_yaml' }) });
    const show = save.getByRole('button', { name: /^Show changes/ });
    await admin.locator('#vid-activity').getByRole('combobox', { name: 'Kind' }).focus();
    await tabTo(admin, show);
    await admin.keyboard.press('Enter');
    const diff = admin.locator('#vid-activity vid-activity-diff');
    await diff.getByRole('table').waitFor();
    expect(await diff.getByRole('columnheader').allInnerTexts()).toEqual(['Setting', 'Before', 'After']);
    const changed = diff.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: /^authInternalUsers/ }) });
    expect(await changed.count()).toBeGreaterThan(0);
    expect(await changed.locator('[data-redacted]').count()).toBeGreaterThan(0);
    expect(await changed.first().innerText()).toContain(NEW_USER.user);
    await expectAxeClean(admin, { include: ['#vid-activity'] }, 'Activity with a diff open');
    await admin.screenshot({ path: `${RESULTS}/admin-activity-diff.png`, fullPage: true });

    expect(await everythingOn(admin)).not.toContain(PASSWORD);
    const csvHref = await admin.locator('#vid-activity a[data-csv]').getAttribute('href');
    const csv = await admin.evaluate((href) => fetch(href!).then(async (r) => ({ status: r.status, body: await r.text() })), csvHref);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(ADMIN);
    expect(csv.body).not.toContain(PASSWORD);
  }, 20_000);

  it('nothing threw, and no request left loopback', () => {
    expect(watch.pageErrors).toEqual([]);
    expectNoInternet(watch);
  });
});
