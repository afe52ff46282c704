// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import type { UsersPage } from '../../shared/api-types.ts';
import { $, $$, deepText, flip, mount, recordEvents, settle, text, VID_POLICY } from '../../testing/helpers.ts';
import { DEFAULT_USERS_QUERY } from './vid-stream-users.ts';

afterEach(() => document.body.replaceChildren());

const GROUPS = ['vid_alpha', 'vid_public'];
const PAGE: UsersPage = {
  users: [
    { username: 'alice', name: 'Alice A', email: 'alice@example.org', active: true, groups: ['vid_alpha', 'tak_ops'] },
    { username: 'bob', name: 'Bob B', email: 'bob@example.org', active: false, groups: [] },
  ],
  total: 60,
  page: 1,
  pageSize: 25,
};

async function panel(props = {}) {
  return mount('vid-stream-users', {
    policy: VID_POLICY,
    page: PAGE,
    query: { ...DEFAULT_USERS_QUERY, page: 1 },
    groups: GROUPS,
    directoryWrite: 'ldap',
    ...props,
  });
}
const row = (el: HTMLElement, user: string) => $$(el, 'tr[data-user]').find((tr) => tr.dataset.user === user)!;
const switchesOf = (scope: Element) => $$<HTMLInputElement>(scope.querySelector('vid-group-switches')!, 'input');

describe('vid-stream-users', () => {
  it('lists people with their stream groups as switches, never tak_', async () => {
    const el = await panel();
    expect($$(el, 'tr[data-user]').map((tr) => tr.dataset.user)).toEqual(['alice', 'bob']);
    expect(switchesOf(row(el, 'alice')).map((i) => [i.name, i.checked])).toEqual([
      ['vid_alpha', true],
      ['vid_public', false],
    ]);
    expect(text(row(el, 'bob'))).toContain('(disabled)');
    expect(deepText(el)).not.toContain('tak_');
    expect(text($(el, 'nav.pager'))).toContain('Page 2 of 3 · 60 people');
  });

  it('sends membership changes up, naming person and group', async () => {
    const el = await panel();
    const events = recordEvents(el, 'vid-member-group');
    flip(switchesOf(row(el, 'bob'))[1]!);
    expect(events).toEqual([{ username: 'bob', group: 'vid_public', on: true }]);
    const label = switchesOf(row(el, 'bob'))[1]!.closest('label')!;
    expect(text(label)).toBe('vid_public for bob');
  });

  it('disables the switches and says why when the directory cannot be written', async () => {
    const el = await panel({ directoryWrite: null });
    expect(switchesOf(row(el, 'alice')).every((i) => i.disabled)).toBe(true);
    expect(text($(el, '[data-read-only]'))).toContain('no write access');
    expect($<HTMLInputElement>(el, '#vid-new-group').disabled).toBe(true);
  });

  it('points to TAK Portal when people are managed there, and still allows group changes', async () => {
    const el = await panel({ takPortalUrl: 'https://tak.example.org/portal' });
    const notice = $(el, '[data-tak-portal]');
    expect(notice.querySelector('a')!.getAttribute('href')).toBe('https://tak.example.org/portal');
    expect(switchesOf(row(el, 'alice')).every((i) => !i.disabled)).toBe(true);
  });

  it('searches, sorts and pages through vid-users-query', async () => {
    const el = await panel();
    const queries = recordEvents(el, 'vid-users-query');
    const search = $<HTMLInputElement>(el, 'input[type="search"]');
    search.value = 'ali';
    search.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(el, 'form[role="search"]').requestSubmit();
    expect(queries.at(-1)).toEqual({ ...DEFAULT_USERS_QUERY, search: 'ali', page: 0 });

    $<HTMLButtonElement>(el, 'button[data-sort="email"]').click();
    expect(queries.at(-1)).toMatchObject({ sort: 'email', order: 'asc', page: 0 });
    el.query = { ...DEFAULT_USERS_QUERY, sort: 'username', order: 'asc', page: 1 };
    await settle(el);
    expect($(el, 'button[data-sort="username"]').closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    $<HTMLButtonElement>(el, 'button[data-sort="username"]').click();
    expect(queries.at(-1)).toMatchObject({ sort: 'username', order: 'desc' });

    const [prev, next] = $$<HTMLButtonElement>(el, 'nav.pager button');
    next!.click();
    expect(queries.at(-1)).toMatchObject({ page: 2 });
    prev!.click();
    expect(queries.at(-1)).toMatchObject({ page: 0 });
  });

  it('creates a group with the vid_ prefix fixed in front', async () => {
    const el = await panel();
    const creates = recordEvents(el, 'vid-create-group');
    const input = $<HTMLInputElement>(el, '#vid-new-group');
    input.value = 'vid_bravo';
    input.dispatchEvent(new Event('input'));
    await settle(el);
    expect(input.value).toBe('bravo');
    input.closest('form')!.requestSubmit();
    expect(creates).toEqual([{ name: 'vid_bravo' }]);

    el.groupError = { field: 'name', message: 'vid_bravo already exists' };
    await settle(el);
    expect(text($(el, '#vid-new-group-error'))).toBe('vid_bravo already exists');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    el.groupCreated = { name: 'vid_bravo', n: 1 };
    await settle(el);
    expect(input.value).toBe('');
  });

  it('asks what a person can see and shows the answer', async () => {
    const el = await panel();
    const asks = recordEvents(el, 'vid-user-access');
    row(el, 'alice').querySelector<HTMLButtonElement>('td:last-child button')!.click();
    expect(asks).toEqual([{ username: 'alice' }]);
    el.access = { user: 'alice', active: true, role: 'viewer', groups: ['vid_alpha'], paths: ['live/alpha/cam2', 'cam1'] };
    await settle(el);
    expect($$(row(el, 'alice'), '[data-access] li').map((li) => text(li))).toEqual(['live/alpha/cam2', 'cam1']);
  });
});
