// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIVITY, activityEntry, FAILED_RESTART, YAML_SAVE, YAML_SAVE_DETAIL } from '../../testing/activity.ts';
import type { FakeApi } from '../../testing/fake-api.ts';
import { $, $$, text, visibleText } from '../../testing/helpers.ts';
import { ADMIN, clearPage, settled, sidebarButton, startOverlayPage, VIEWER } from '../../testing/overlay-page.ts';
import type { VidOverlayRoot } from './vid-overlay-root.ts';

let api: FakeApi;
let root: VidOverlayRoot;

/** 120 entries: the newest are the demo ones, then older saves by other-admin. */
const MANY = [...ACTIVITY, ...Array.from({ length: 116 }, (_, i) => activityEntry(`old-${i}`, { user: 'other-admin', at: '2025-01-01T00:00:00.000Z' }))];

async function openActivity(extra: (fake: FakeApi) => void = (fake) => fake.withActivity(MANY, [YAML_SAVE_DETAIL])) {
  ({ api, root } = await startOverlayPage(ADMIN, extra));
  sidebarButton('Activity').click();
  await settled(root);
}

const panel = () => document.querySelector('vid-activity-log')!;
const activityCalls = () => api.callsTo('GET /_overlay/api/activity').map((c) => c.url.split('?')[1]);
const entryIds = () => $$(panel(), 'tbody tr[data-entry]').map((tr) => tr.dataset.entry);
const button = (scope: Element | ShadowRoot, name: string) => [...scope.querySelectorAll('button')].find((b) => text(b).startsWith(name))!;

beforeEach(clearPage);
afterEach(clearPage);

describe('vid-overlay-root Activity', () => {
  it('is the third item of the Directory group, for admins only, and reads the first page each time it is opened', async () => {
    await openActivity();
    const tab = sidebarButton('Activity');
    expect([tab.parentElement!.closest('.sidebar-group')!.id, tab.getAttribute('aria-controls')]).toEqual(['group-vid-directory', 'vid-activity']);
    expect($$(document, '#group-vid-directory .sidebar-item').map((b) => text(b))).toEqual(['Stream access', 'Stream users', 'Activity']);
    expect(document.getElementById('vid-activity')!.classList.contains('active')).toBe(true);
    expect(entryIds().slice(0, 4)).toEqual(ACTIVITY.map((e) => e.id));
    expect(entryIds()).toHaveLength(50);
    expect(activityCalls()).toEqual(['limit=50&offset=0']);
    sidebarButton('Stream access').click();
    tab.click();
    await settled(root);
    expect(activityCalls()).toHaveLength(2);
  });

  it('is not there for a viewer, who never asks for it', async () => {
    ({ api } = await startOverlayPage(VIEWER, (fake) => fake.withActivity(MANY)));
    expect(document.getElementById('vid-activity')).toBeNull();
    expect(api.calls.filter((c) => c.path.includes('activity'))).toEqual([]);
    expect(document.querySelector('vid-activity-log')).toBeNull();
  });

  it('maps the person and kind filters to the query, and the CSV link carries them', async () => {
    await openActivity();
    const csv = () => $<HTMLAnchorElement>(panel(), 'a[data-csv]').getAttribute('href');
    expect(csv()).toBe('/_overlay/api/activity.csv');
    const input = $<HTMLInputElement>(panel(), 'input[name="user"]');
    input.value = 'other-admin';
    input.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(panel(), 'form').requestSubmit();
    await settled(root);
    expect(activityCalls().at(-1)).toBe('user=other-admin&limit=50&offset=0');
    expect(entryIds().slice(0, 2)).toEqual([FAILED_RESTART.id, 'old-0']);
    expect(csv()).toBe('/_overlay/api/activity.csv?user=other-admin');

    const select = $<HTMLSelectElement>(panel(), 'select[name="kind"]');
    select.value = 'editor-change';
    select.dispatchEvent(new Event('change'));
    await settled(root);
    expect(activityCalls().at(-1)).toBe('user=other-admin&kind=editor-change&limit=50&offset=0');
    expect(csv()).toBe('/_overlay/api/activity.csv?user=other-admin&kind=editor-change');
  });

  it('pages older and newer by limit and offset', async () => {
    await openActivity();
    button(panel().shadowRoot!, 'Older').click();
    await settled(root);
    expect(activityCalls().at(-1)).toBe('limit=50&offset=50');
    expect([entryIds()[0], text($(panel(), '.pager span'))]).toEqual(['old-46', '51–100 of 120']);
    button(panel().shadowRoot!, 'Older').click();
    await settled(root);
    expect(text($(panel(), '.pager span'))).toBe('101–120 of 120');
    expect(button(panel().shadowRoot!, 'Older').disabled).toBe(true);
    button(panel().shadowRoot!, 'Newer').click();
    await settled(root);
    expect(activityCalls()).toEqual(['limit=50&offset=0', 'limit=50&offset=50', 'limit=50&offset=100', 'limit=50&offset=50']);
  });

  it('fetches a diff only when asked, once, and shows its secrets as "redacted"', async () => {
    await openActivity();
    const details = () => api.calls.filter((c) => c.path.startsWith('/_overlay/api/activity/'));
    expect(details()).toEqual([]);
    const row = () => $(panel(), `tr[data-entry="${YAML_SAVE.id}"]`);
    button(row(), 'Show changes').click();
    await settled(root);
    expect(details().map((c) => c.path)).toEqual([`/_overlay/api/activity/${YAML_SAVE.id}`]);
    const diff = $(panel(), 'tr.changes:not([hidden]) vid-activity-diff');
    expect($$(diff, 'tbody th').map((th) => text(th))).toEqual(['logLevel', 'authInternalUsers.1.pass', 'authInternalUsers.3']);
    expect($$(diff, '[data-redacted]').map((m) => text(m))).toEqual(['redacted', 'redacted', 'redacted']);
    expect(visibleText(document.body)).not.toContain('<redacted>');

    button(row(), 'Hide changes').click();
    await settled(root);
    expect($$(panel(), 'tr.changes:not([hidden])')).toEqual([]);
    button(row(), 'Show changes').click();
    await settled(root);
    expect($$(panel(), 'tr.changes:not([hidden]) vid-activity-diff')).toHaveLength(1);
    expect(details()).toHaveLength(1);
  });

  it("shows the server's message when a diff cannot be read", async () => {
    await openActivity((fake) =>
      fake.withActivity(ACTIVITY).on(`GET /_overlay/api/activity/${YAML_SAVE.id}`, { status: 404, body: { error: 'No activity entry a-yaml.' } }),
    );
    button($(panel(), `tr[data-entry="${YAML_SAVE.id}"]`), 'Show changes').click();
    await settled(root);
    expect(text($(panel(), 'tr.changes [role="alert"]'))).toBe('Could not load the changes: No activity entry a-yaml.');
  });

  it("shows a 400's message next to the filter it names, and an unreachable overlay in words", async () => {
    await openActivity((fake) =>
      fake.on('GET /_overlay/api/activity', (call) =>
        call.url.includes('user=')
          ? { status: 400, body: { error: 'user: at most 256 characters', field: 'user' } }
          : { body: { entries: ACTIVITY, total: 4, limit: 50, offset: 0 } },
      ),
    );
    const input = $<HTMLInputElement>(panel(), 'input[name="user"]');
    input.value = 'x'.repeat(300);
    input.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(panel(), 'form').requestSubmit();
    await settled(root);
    const alert = $(panel(), '[role="alert"]');
    expect([text(alert), alert.dataset.field, input.getAttribute('aria-invalid')]).toEqual([
      'Could not load the activity: user: at most 256 characters',
      'user',
      'true',
    ]);
    expect(entryIds()).toEqual([]);

    api.on('GET /_overlay/api/activity', () => {
      throw new TypeError('Failed to fetch');
    });
    input.value = '';
    $<HTMLFormElement>(panel(), 'form').requestSubmit();
    await settled(root);
    expect(text($(panel(), '[role="alert"]'))).toBe('Could not load the activity: The overlay could not be reached. Check the connection and try again.');
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });
});
