// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import './define.ts';
import type { ActivityPage } from '../../shared/api-types.ts';
import { ACTIVITY, FAILED_RESTART, NOW, UPLOAD, YAML_SAVE, YAML_SAVE_DETAIL } from '../../testing/activity.ts';
import { $, $$, flush, mount, recordEvents, settle, spokenText, text } from '../../testing/helpers.ts';
import { DEFAULT_ACTIVITY_QUERY } from './vid-activity-log.ts';

afterEach(() => document.body.replaceChildren());

const PAGE: ActivityPage = { entries: ACTIVITY, total: 120, limit: 50, offset: 50 };

async function panel(props = {}) {
  return mount('vid-activity-log', { page: PAGE, query: { ...DEFAULT_ACTIVITY_QUERY, offset: 50 }, now: NOW, csvHref: '/x.csv', ...props });
}
const row = (el: HTMLElement, id: string) => $(el, `tr[data-entry="${id}"]`);
const cells = (tr: Element) => [...tr.querySelectorAll('td')].map((td) => text(td));
const button = (scope: Element | ShadowRoot, name: string) => [...scope.querySelectorAll('button')].find((b) => text(b).startsWith(name))!;

describe('vid-activity-log', () => {
  it('lists each entry: relative time with the exact one on hover, person, kind, summary, outcome, route', async () => {
    const el = await panel();
    expect($$(el, 'thead th').map((th) => text(th))).toEqual(['When', 'Who', 'Kind', 'What', 'Outcome', 'Route', 'Changes']);
    const yaml = row(el, YAML_SAVE.id);
    expect(cells(yaml).slice(1, 6)).toEqual(['demo-adminadmin', 'Editor change', 'saved the YAML (2 keys changed)', 'OK', 'POST /save_yaml']);
    const time = yaml.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe(YAML_SAVE.at);
    expect(time.getAttribute('title')).toBe(new Date(YAML_SAVE.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
    expect(text(time).startsWith('2 minutes ago')).toBe(true);
    expect(spokenText(time)).toContain(time.getAttribute('title')!); // the exact time for screen readers too
    expect(text(row(el, 'c-rule').querySelector('time'))).toMatch(/^2 days ago/);
    expect(cells(row(el, 'c-rule'))[2]).toBe('Rule change');
    expect(cells(row(el, UPLOAD.id))[3]).toBe('uploaded a test file (clip.mp4, 3.0 MB)');
  });

  it('marks a failed change in words, not by colour alone', async () => {
    const el = await panel();
    const failed = row(el, FAILED_RESTART.id);
    expect([failed.dataset.outcome, failed.className]).toEqual(['failed', 'failed']);
    expect(spokenText(failed.querySelector('.outcome')!)).toBe('Failed (HTTP 502)');
    await settle(Object.assign(el, { page: { ...PAGE, entries: [{ ...FAILED_RESTART, status: null }] } }));
    expect(spokenText(row(el, FAILED_RESTART.id).querySelector('.outcome')!)).toBe('Failed (no answer)');
  });

  it('sends the person filter (typed, then submitted or after a pause) and the kind, from the first page', async () => {
    const el = await panel();
    const queries = recordEvents(el, 'vid-activity-query');
    const input = $<HTMLInputElement>(el, 'input[name="user"]');
    input.value = ' other-admin ';
    input.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(el, 'form').requestSubmit();
    const select = $<HTMLSelectElement>(el, 'select[name="kind"]');
    expect([...select.options].map((o) => [o.value, text(o)])).toEqual([
      ['', 'All kinds'],
      ['editor-change', 'Editor change'],
      ['rule-change', 'Rule change'],
      ['access-decision', 'Access decision'],
      ['group-change', 'Group change'],
      ['mediamtx-settings', 'MediaMTX settings'],
      ['directory-setup', 'Directory setup'],
    ]);
    select.value = 'rule-change';
    select.dispatchEvent(new Event('change'));
    expect(queries).toEqual([
      { user: 'other-admin', kind: '', limit: 50, offset: 0 },
      { user: 'other-admin', kind: 'rule-change', limit: 50, offset: 0 },
    ]);
    vi.useFakeTimers();
    try {
      input.value = 'demo-admin';
      input.dispatchEvent(new Event('input'));
      expect(queries).toHaveLength(2);
      vi.advanceTimersByTime(300);
    } finally {
      vi.useRealTimers();
    }
    expect(queries[2]).toEqual({ user: 'demo-admin', kind: '', limit: 50, offset: 0 });
  });

  it('pages newer and older by the limit, and says which entries are shown', async () => {
    const el = await panel();
    expect(text($(el, '.pager span'))).toBe('51–54 of 120');
    const queries = recordEvents(el, 'vid-activity-query');
    button(el.shadowRoot!, 'Older').click();
    button(el.shadowRoot!, 'Newer').click();
    expect(queries.map((q) => q.offset)).toEqual([100, 0]);
    await settle(Object.assign(el, { page: { ...PAGE, offset: 0, total: 4 }, query: DEFAULT_ACTIVITY_QUERY }));
    expect([button(el.shadowRoot!, 'Newer').disabled, button(el.shadowRoot!, 'Older').disabled]).toEqual([true, true]);
  });

  it('offers "Show changes" only where there is a diff, and shows it when the panel has it', async () => {
    const el = await panel();
    const changes = recordEvents(el, 'vid-activity-changes');
    expect($$(el, 'tbody button').map((b) => b.closest('tr')!.dataset.entry)).toEqual([YAML_SAVE.id]);
    const show = button(row(el, YAML_SAVE.id), 'Show changes');
    expect([show.getAttribute('aria-expanded'), $(el, `#${show.getAttribute('aria-controls')}`).hidden]).toEqual(['false', true]);
    show.click();
    expect(changes).toEqual([{ id: YAML_SAVE.id, open: true }]);

    await settle(Object.assign(el, { changes: { [YAML_SAVE.id]: { state: 'loading' } } }));
    expect(text($(el, 'tr.changes'))).toBe('Loading the changes…');
    await settle(Object.assign(el, { changes: { [YAML_SAVE.id]: { state: 'ready', diff: YAML_SAVE_DETAIL.diff } } }));
    await flush();
    const hide = button(row(el, YAML_SAVE.id), 'Hide changes');
    expect([hide.getAttribute('aria-expanded'), $(el, 'tr.changes').hidden]).toEqual(['true', false]);
    const diff = $(el, 'tr.changes vid-activity-diff');
    await settle(diff as never);
    expect($$(diff, '[data-redacted]')).toHaveLength(3);
    hide.click();
    expect(changes[1]).toEqual({ id: YAML_SAVE.id, open: false });

    await settle(Object.assign(el, { changes: { [YAML_SAVE.id]: { state: 'failed', error: 'No such entry.' } } }));
    expect(text($(el, 'tr.changes [role="alert"]'))).toBe('Could not load the changes: No such entry.');
  });

  it('links the CSV download it is given', async () => {
    const el = await panel({ csvHref: '/_overlay/api/activity.csv?user=bob' });
    const link = $<HTMLAnchorElement>(el, 'a[data-csv]');
    expect([link.getAttribute('href'), link.hasAttribute('download'), spokenText(link)]).toEqual([
      '/_overlay/api/activity.csv?user=bob',
      true,
      'Download CSV of the activity with these filters',
    ]);
  });

  it("shows the server's message, and marks the filter a 400 names", async () => {
    const el = await panel({ page: null, loadError: { field: 'kind', message: 'kind: must be one of editor-change, …' } });
    const alert = $(el, '[role="alert"]');
    expect([text(alert), alert.dataset.field]).toEqual(['Could not load the activity: kind: must be one of editor-change, …', 'kind']);
    const select = $(el, 'select');
    expect([select.getAttribute('aria-invalid'), select.getAttribute('aria-describedby')]).toEqual(['true', alert.id]);
    expect($(el, 'input').getAttribute('aria-invalid')).toBe('false');
  });

  it('says when nothing matches the filters, and when nothing was recorded yet', async () => {
    const el = await panel({ page: { entries: [], total: 0, limit: 50, offset: 0 }, query: { ...DEFAULT_ACTIVITY_QUERY, user: 'nobody' } });
    expect(text($(el, 'tbody'))).toBe('Nothing matches these filters.');
    await settle(Object.assign(el, { query: DEFAULT_ACTIVITY_QUERY }));
    expect(text($(el, 'tbody'))).toBe('Nothing has been recorded yet.');
  });
});
