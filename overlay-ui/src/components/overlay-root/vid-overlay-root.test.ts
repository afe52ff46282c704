// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me, Rule } from '../../shared/api-types.ts';
import { mountOverlay } from '../../mount.ts';
import { $, $$, deepText, flip, settle, text, visibleText } from '../../testing/helpers.ts';
import { loadEditorPage, type EditorPage } from '../../testing/editor-page.ts';
import { FakeApi } from '../../testing/fake-api.ts';
import { ADMIN, clearPage, PATHS, settled, sidebarButton, startOverlayPage, VIEWER } from '../../testing/overlay-page.ts';
import type { VidOverlayRoot } from './vid-overlay-root.ts';

let api: FakeApi;
let editor: EditorPage;

async function start(me: Me): Promise<VidOverlayRoot> {
  const page = await startOverlayPage(me);
  ({ api, editor } = page);
  return page.root;
}

async function rebuildStreams(root: VidOverlayRoot) {
  editor.loadStreams();
  await settled(root);
}

const accessPanel = () => document.querySelector('vid-stream-access')!;
const usersPanel = () => document.querySelector('vid-stream-users')!;
const card = (path: string) => $$(accessPanel(), 'li[data-path]').find((li) => li.dataset.path === path)!;
const cardSwitches = (path: string) => $$<HTMLInputElement>(card(path).querySelector('vid-group-switches')!, 'input');

beforeEach(clearPage);
afterEach(clearPage);

describe('vid-overlay-root for a viewer', () => {
  it('renders only the identity chip: no admin element, no admin API call', async () => {
    const root = await start(VIEWER);
    await rebuildStreams(root);
    const chip = $(root, 'vid-identity-chip');
    expect(text($(chip, '.name'))).toBe('Demo Viewer');
    expect(deepText(root)).toContain('vid_public');
    for (const tag of ['vid-stream-access', 'vid-stream-users', 'vid-stream-chips', 'vid-rule-form', 'vid-group-switches']) {
      expect(document.querySelector(tag), tag).toBeNull();
    }
    expect(document.getElementById('vid-stream-access')).toBeNull();
    expect($$(document, '#sidebar .sidebar-item').map((b) => text(b))).toEqual(['Active Streams']);
    // The editor's share-mode badge: about links, and not a switch for a viewer.
    expect($$<HTMLButtonElement>(document, '#streams-container .share-mode-badge').map((b) => [text(b), b.disabled])).toEqual([
      ['Links: token', true],
      ['Links: public', true],
    ]);
    expect(api.calls.map((c) => `${c.method} ${c.path}`).filter((r) => r.includes('_overlay'))).toEqual(['GET /_overlay/api/me']);
    expect(deepText(document.body)).not.toContain('tak_');
  });

  it("stands in the editor's header-user place instead of the service account, with one Sign out", async () => {
    const root = await start(VIEWER);
    const holder = document.querySelector('.header-user')!;
    expect(root.parentElement).toBe(holder);
    // The editor's person_edit opener with the service account's name, its Logout and its password modal: hidden, not removed.
    const editorOwn = [...holder.children].filter((el) => el !== root) as HTMLElement[];
    expect(editorOwn.map((el) => [el.localName, el.hidden])).toEqual([
      ['span', true],
      ['a', true],
    ]);
    expect(document.getElementById('password-modal')!.hidden).toBe(true);
    expect(visibleText(document.body)).not.toContain('editor-viewer');
    expect(visibleText(document.body)).not.toContain('person_edit');
    expect(visibleText(holder)).toBe('Demo Viewer viewer vid_public Sign out');
    const signOut = [...root.shadowRoot!.querySelector('vid-identity-chip')!.shadowRoot!.querySelectorAll('a')].filter((a) => text(a) === 'Sign out');
    expect(signOut.map((a) => a.getAttribute('href'))).toEqual(['/outpost.goauthentik.io/sign_out']);
    expect(root.hasAttribute('floating')).toBe(false);
  });

  it("keeps the editor's own people tabs and header only when /me says vanilla", async () => {
    await start({ ...VIEWER, mode: 'vanilla' });
    expect(document.getElementById('webusers')).toBeNull(); // a viewer's page has no such tab anyway
    expect([...document.querySelectorAll<HTMLElement>('.header-user > :not(vid-overlay-root)')].map((el) => el.hidden)).toEqual([false, false]);
  });

  it('renders nothing when /me refuses (not signed in through the overlay)', async () => {
    api = new FakeApi().on('GET /_overlay/api/me', { status: 401, body: { error: 'sign in' } });
    vi.stubGlobal('fetch', api.fetch);
    loadEditorPage('admin');
    mountOverlay(document);
    const root = document.querySelector('vid-overlay-root')!;
    await root.ready;
    await settle(root);
    expect(root.shadowRoot!.children.length).toBe(0);
    expect(document.getElementById('vid-stream-access')).toBeNull();
    expect(document.getElementById('webusers')!.hidden).toBe(false);
  });
});

describe('vid-overlay-root for an admin', () => {
  it('adds "Stream access" and "Stream users" tabs in a collapsed "Directory" group that the editor\'s showTab switches like its own', async () => {
    await start(ADMIN);
    const access = sidebarButton('Stream access');
    const users = sidebarButton('Stream users');
    expect(access.className).toBe('sidebar-item');
    const group = document.getElementById('group-vid-directory')!;
    expect([group.className, group.parentElement!.id, text(group.querySelector('.sidebar-group-label .sidebar-label'))]).toEqual([
      'sidebar-group collapsed',
      'sidebar',
      'Directory',
    ]);
    expect([access.parentElement, users.parentElement]).toEqual([group.querySelector('.sidebar-group-items'), group.querySelector('.sidebar-group-items')]);
    // Nothing of ours sits in the sidebar outside a group, where it would have no visible box.
    expect($$(document, '#sidebar > *').filter((el) => !el.classList.contains('sidebar-group') && !el.classList.contains('sidebar-expand-btn'))).toEqual([]);
    const pane = document.getElementById('vid-stream-access')!;
    expect(pane.classList.contains('tab-content')).toBe(true);
    expect(pane.parentElement).toBe(document.getElementById('streams')!.parentElement);
    expect(pane.querySelector('vid-stream-access')).not.toBeNull();
    expect(document.getElementById('vid-stream-users')!.querySelector('vid-stream-users')).not.toBeNull();

    access.click();
    expect(pane.classList.contains('active')).toBe(true);
    expect(access.classList.contains('active')).toBe(true);
    expect($$(document, '.tab-content.active')).toHaveLength(1);

    const streams = sidebarButton('Active Streams');
    editor.showTab('streams', { target: streams });
    expect(pane.classList.contains('active')).toBe(false);
    expect(access.classList.contains('active')).toBe(false);
    expect(document.getElementById('streams')!.classList.contains('active')).toBe(true);

    users.click();
    expect(document.getElementById('vid-stream-users')!.classList.contains('active')).toBe(true);
  });

  it("hides (not removes) the editor's Web Users and My Account tabs in directory mode", async () => {
    await start(ADMIN);
    for (const [id, label] of [
      ['webusers', 'Web Users'],
      ['account', 'Account'],
    ] as const) {
      const pane = document.getElementById(id)!;
      expect(pane.hidden).toBe(true);
      expect(sidebarButton(label).hidden).toBe(true);
    }
    expect(sidebarButton('Dashboard').hidden).toBe(false);
    // The editor's header names the service account: the person replaces it, on an admin's page too.
    expect(visibleText(document.body)).not.toContain('editor-admin');
    expect(document.getElementById('password-modal')!.hidden).toBe(true);
    expect(document.getElementById('password-modal')!.isConnected).toBe(true);
  });

  it('puts group chips on every Active Streams row and re-attaches them after the innerHTML rebuild', async () => {
    const root = await start(ADMIN);
    await rebuildStreams(root);
    const chipsOf = (name: string) =>
      document.querySelector(`#streams-container .share-mode-badge[data-stream-name="${name}"]`)?.closest('tr')?.querySelector('vid-stream-chips') ?? null;
    const first = chipsOf('cam1')!;
    expect($$(first, 'button').map((b) => text(b).split(':')[0])).toEqual(['vid_public', 'vid_private']);
    expect($$(chipsOf('drone')!, 'button').map((b) => text(b).split(':')[0])).toEqual(['vid_alpha']);
    // Beside the chips, the editor's share-mode badge says it is about links, and stays a toggle.
    expect($$<HTMLButtonElement>(document, '#streams-container .share-mode-badge').map((b) => [text(b), b.disabled])).toEqual([
      ['Links: token', false],
      ['Links: public', false],
    ]);

    await rebuildStreams(root); // the editor throws the rows away and writes new ones
    const again = chipsOf('cam1')!;
    expect(again).not.toBeNull();
    expect(again).not.toBe(first);
    expect(document.querySelectorAll('#streams-container vid-stream-chips')).toHaveLength(2);
    expect(deepText(document.getElementById('streams-container')!)).not.toContain('tak_');

    $$<HTMLButtonElement>(chipsOf('drone')!, 'button')[0]!.click();
    await settled(root);
    expect(document.getElementById('vid-stream-access')!.classList.contains('active')).toBe(true);
    expect(card('drone').classList.contains('focused')).toBe(true);
  });

  it('saves a group switch as an exact rule with If-Match and JSON, then reloads', async () => {
    const root = await start(ADMIN);
    api.on('PUT /_overlay/api/rules', (call) => ({ body: { version: 5, rule: { ...(call.body as object), updatedBy: 'demo-admin', updatedAt: '' } } }));
    flip(cardSwitches('cam1')[0]!); // vid_alpha on
    await settled(root);
    const [put] = api.callsTo('PUT /_overlay/api/rules');
    expect(put!.headers['if-match']).toBe('"4"');
    expect(put!.headers['content-type']).toBe('application/json');
    expect(put!.body).toEqual({ path: 'cam1', groups: ['vid_public', 'vid_private', 'vid_alpha'] });
    expect(api.callsTo('GET /_overlay/api/rules')).toHaveLength(2);
    expect(api.callsTo('GET /_overlay/api/paths').length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a switch as flipped while its save is out, and puts it back when the save is refused', async () => {
    const root = await start(ADMIN);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    api.on('PUT /_overlay/api/rules', () => ({ status: 400, body: { error: 'groups: vid_alpha is not in the directory.', field: 'groups' } }));
    // Hold the PUT, so the "Saving…" render happens while the old data is still all there is.
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'PUT') await gate;
      return api.fetch(input, init);
    });
    flip(cardSwitches('cam1')[0]!); // vid_alpha on
    await settled(root);
    expect(text($(accessPanel(), '.status'))).toBe('Saving cam1…');
    expect(cardSwitches('cam1').map((i) => i.checked)).toEqual([true, true, true]);
    release();
    await settled(root);
    expect(cardSwitches('cam1').map((i) => i.checked)).toEqual([false, true, true]);
    expect(text(card('cam1').querySelector('.field-error'))).toContain('not in the directory');
  });

  it('"Private only" turns vid_public off and keeps the other groups', async () => {
    const root = await start(ADMIN);
    api.on('PUT /_overlay/api/rules', () => ({ body: { version: 5, rule: {} } }));
    [...card('cam1').querySelectorAll('button')].find((b) => text(b).startsWith('Private only'))!.click();
    await settled(root);
    expect(api.callsTo('PUT /_overlay/api/rules').map((c) => c.body)).toEqual([{ path: 'cam1', groups: ['vid_private'] }]);
  });

  it('on 412 says someone else changed the rules, shows their state, and writes nothing more', async () => {
    const root = await start(ADMIN);
    const theirs: Rule[] = [{ path: 'cam1', groups: ['vid_alpha'], updatedBy: 'other-admin', updatedAt: '2025-01-02T00:00:00Z' }];
    api.on('PUT /_overlay/api/rules', () => ({
      status: 412,
      body: { error: 'Someone changed the rules; they are now at version 9.', current: { rules: theirs, version: 9 } },
    }));
    api.on('GET /_overlay/api/paths', { body: { paths: [{ ...PATHS[0]!, access: { groups: ['vid_alpha'], rule: 'cam1', via: 'exact' } }, PATHS[1]] } });
    flip(cardSwitches('cam1')[0]!);
    await settled(root);
    expect(api.callsTo('PUT /_overlay/api/rules')).toHaveLength(1);
    const alert = $(accessPanel(), '[data-conflict]');
    expect(text(alert)).toContain('Someone else changed the stream rules');
    expect(text(alert)).toContain('version 9');
    expect(accessPanel().version).toBe(9);
    expect(accessPanel().rules).toEqual(theirs);
    expect(cardSwitches('cam1').map((i) => [i.name, i.checked])).toEqual([
      ['vid_alpha', true],
      ['vid_private', false],
      ['vid_public', false],
    ]);

    // The next save is based on the version the person has now seen.
    api.on('PUT /_overlay/api/rules', () => ({ body: { version: 10, rule: {} } }));
    flip(cardSwitches('cam1')[1]!);
    await settled(root);
    expect(api.callsTo('PUT /_overlay/api/rules')[1]!.headers['if-match']).toBe('"9"');
    expect(api.callsTo('PUT /_overlay/api/rules')[1]!.body).toEqual({ path: 'cam1', groups: ['vid_alpha', 'vid_private'] });
  });

  it('shows a 400 next to the field it names in the rule form', async () => {
    const root = await start(ADMIN);
    api.on('PUT /_overlay/api/rules', () => ({ status: 400, body: { error: 'path: "live/[ab]" uses [ ]; use a regex.', field: 'path' } }));
    [...accessPanel().shadowRoot!.querySelectorAll('button')].find((b) => text(b) === 'Add a rule')!.click();
    await settled(root);
    const form = $(accessPanel(), 'section > vid-rule-form');
    const input = $<HTMLInputElement>(form, 'input[name="path"]');
    input.value = 'live/[ab]';
    input.dispatchEvent(new Event('input'));
    flip($$<HTMLInputElement>($(form, 'vid-group-switches'), 'input')[0]!);
    await settle(form as never);
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await settled(root);
    await settle(form as never);
    expect(api.callsTo('PUT /_overlay/api/rules')[0]!.body).toEqual({ path: 'live/[ab]', groups: ['vid_alpha'] });
    expect(text($(form, '[data-field="path"]'))).toContain('uses [ ]');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.value).toBe('live/[ab]'); // what was typed stays
  });

  it('closes the form after a rule is saved, and renames by adding the new selector then removing the old', async () => {
    const root = await start(ADMIN);
    const put = vi.fn(() => ({ body: { version: 5, rule: {} } }));
    const del = vi.fn(() => ({ body: { version: 6 } }));
    api.on('PUT /_overlay/api/rules', put).on('DELETE /_overlay/api/rules', del);
    accessPanel().dispatchEvent(
      new CustomEvent('vid-rule-save', {
        detail: { original: 'live/old/*', path: 'live/new/*', groups: ['vid_alpha', 'tak_x'] },
        bubbles: true,
        composed: true,
      }),
    );
    await settled(root);
    expect(api.callsTo('PUT /_overlay/api/rules')[0]!.body).toEqual({ path: 'live/new/*', groups: ['vid_alpha'] });
    const [removal] = api.callsTo('DELETE /_overlay/api/rules');
    expect(removal!.url).toBe('/_overlay/api/rules?path=live%2Fold%2F*');
    expect(removal!.headers['if-match']).toBe('"5"');
    expect(accessPanel().saved).toMatchObject({ original: 'live/old/*' });
  });

  it('lists who can see a stream', async () => {
    const root = await start(ADMIN);
    api.on('GET /_overlay/api/paths/viewers', (call) => ({
      body: { path: new URL(call.url, 'http://x').searchParams.get('path'), users: [{ username: 'alice', name: 'Alice' }] },
    }));
    [...card('cam1').querySelectorAll('button')].find((b) => text(b).startsWith('Who can see'))!.click();
    await settled(root);
    expect(api.callsTo('GET /_overlay/api/paths/viewers')[0]!.url).toBe('/_overlay/api/paths/viewers?path=cam1');
    expect(text(card('cam1').querySelector('ul.viewers'))).toBe('Alice (alice)');
  });

  it('never renders a tak_ group, whatever the API sends', async () => {
    const root = await start(ADMIN);
    await rebuildStreams(root);
    sidebarButton('Stream access').click();
    await settled(root);
    expect(deepText(document.body)).not.toContain('tak_');
    expect(accessPanel().groups).toEqual(['vid_alpha', 'vid_private', 'vid_public']);
  });
});

describe('vid-overlay-root Stream users', () => {
  const USERS = {
    users: [{ username: 'alice', name: 'Alice', email: 'a@x.org', active: true, groups: ['vid_alpha', 'tak_ops'] }],
    total: 1,
    page: 0,
    pageSize: 25,
  };

  async function openUsers(me: Me = ADMIN) {
    const root = await start(me);
    api.on('GET /_overlay/api/users', { body: USERS });
    sidebarButton('Stream users').click();
    await settled(root);
    return root;
  }
  const userSwitches = () => $$<HTMLInputElement>($(usersPanel(), 'tr[data-user="alice"] vid-group-switches'), 'input');

  it('loads people when the tab is first opened, and again for each query', async () => {
    const root = await openUsers();
    expect(api.callsTo('GET /_overlay/api/users')[0]!.url).toBe('/_overlay/api/users?search=&page=0&pageSize=25&sort=username&order=asc');
    expect(userSwitches().map((i) => [i.name, i.checked])).toEqual([
      ['vid_alpha', true],
      ['vid_private', false],
      ['vid_public', false],
    ]);
    const search = $<HTMLInputElement>(usersPanel(), 'input[type="search"]');
    search.value = 'ali ce';
    search.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(usersPanel(), 'form[role="search"]').requestSubmit();
    await settled(root);
    expect(api.callsTo('GET /_overlay/api/users')[1]!.url).toBe('/_overlay/api/users?search=ali+ce&page=0&pageSize=25&sort=username&order=asc');
  });

  it('adds and removes memberships through the API', async () => {
    const root = await openUsers();
    api.on('PUT /_overlay/api/users/alice/groups/vid_public', { body: { ...USERS.users[0], groups: ['vid_alpha', 'vid_public'] } });
    flip(userSwitches()[2]!);
    await settled(root);
    expect(api.callsTo('PUT /_overlay/api/users/alice/groups/vid_public')).toHaveLength(1);
    expect(userSwitches().map((i) => i.checked)).toEqual([true, false, true]);

    api.on('DELETE /_overlay/api/users/alice/groups/vid_alpha', { status: 502, body: { error: 'directory refused the change' } });
    flip(userSwitches()[0]!);
    await settled(root);
    expect(text($(usersPanel(), 'tr[data-user="alice"] .field-error'))).toContain('directory refused the change');
    expect(userSwitches().map((i) => i.checked)).toEqual([true, false, true]); // back as it is
  });

  it('never asks to take the signed-in admin out of an admin group: the server would refuse', async () => {
    const root = await start(ADMIN);
    api.on('GET /_overlay/api/groups', {
      body: {
        groups: [
          { name: 'vid_admin', members: 1 },
          { name: 'vid_public', members: 9 },
        ],
      },
    });
    api.on('GET /_overlay/api/users', {
      body: { ...USERS, users: [{ username: 'demo-admin', name: 'Demo Admin', email: 'd@x.org', active: true, groups: ['vid_admin'] }] },
    });
    await root.loadGroups();
    sidebarButton('Stream users').click();
    await settled(root);
    const switches = () => $$<HTMLInputElement>($(usersPanel(), 'tr[data-user="demo-admin"] vid-group-switches'), 'input');
    expect(switches().map((i) => [i.name, i.checked])).toEqual([
      ['vid_admin', true],
      ['vid_public', false],
    ]);
    flip(switches()[0]!);
    await settled(root);
    expect(api.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
    expect(text($(usersPanel(), 'tr[data-user="demo-admin"] .field-error'))).toBe('You cannot remove yourself from vid_admin: ask another admin.');
    expect(switches().map((i) => i.checked)).toEqual([true, false]);
  });

  it('keeps a membership switch as flipped while the directory write is out', async () => {
    const root = await openUsers();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    api.on('PUT /_overlay/api/users/alice/groups/vid_public', { body: { ...USERS.users[0], groups: ['vid_alpha', 'vid_public'] } });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'PUT') await gate;
      return api.fetch(input, init);
    });
    flip(userSwitches()[2]!);
    await settled(root);
    expect(text($(usersPanel(), '.status'))).toBe('Adding alice to vid_public…');
    expect(userSwitches().map((i) => i.checked)).toEqual([true, false, true]);
    release();
    await settled(root);
    expect(text($(usersPanel(), '.status'))).toBe('alice is now in vid_public.');
    expect(userSwitches().map((i) => i.checked)).toEqual([true, false, true]);
  });

  it('disables membership switches with an explanation when the directory is read-only', async () => {
    await openUsers({ ...ADMIN, directoryWrite: null });
    expect(userSwitches().every((i) => i.disabled)).toBe(true);
    expect(text($(usersPanel(), '[data-read-only]'))).toContain('no write access');
  });

  it('creates a vid_ group, and shows a 409 next to the name', async () => {
    const root = await openUsers();
    api.on('POST /_overlay/api/groups', { status: 201, body: { name: 'vid_bravo', members: 0 } });
    const input = $<HTMLInputElement>(usersPanel(), '#vid-new-group');
    input.value = 'bravo';
    input.dispatchEvent(new Event('input'));
    input.closest('form')!.requestSubmit();
    await settled(root);
    expect(api.callsTo('POST /_overlay/api/groups')[0]!.body).toEqual({ name: 'vid_bravo' });
    expect(api.callsTo('GET /_overlay/api/groups')).toHaveLength(2);

    api.on('POST /_overlay/api/groups', { status: 409, body: { error: 'vid_bravo already exists' } });
    input.value = 'bravo';
    input.dispatchEvent(new Event('input'));
    input.closest('form')!.requestSubmit();
    await settled(root);
    expect(text($(usersPanel(), '#vid-new-group-error'))).toBe('vid_bravo already exists');
  });

  it('answers "what can this user see"', async () => {
    const root = await openUsers();
    api.on('GET /_overlay/api/access', { body: { user: 'alice', role: 'viewer', groups: ['vid_alpha'], paths: ['drone'] } });
    $<HTMLButtonElement>(usersPanel(), 'tr[data-user="alice"] td:last-child button').click();
    await settled(root);
    expect(api.callsTo('GET /_overlay/api/access')[0]!.url).toBe('/_overlay/api/access?user=alice');
    expect(text($(usersPanel(), '[data-access="alice"] li'))).toBe('drone');
  });

  it('says people are managed in TAK Portal when it is set', async () => {
    await openUsers({ ...ADMIN, takPortalUrl: 'https://portal.example.org' });
    expect($(usersPanel(), '[data-tak-portal] a').getAttribute('href')).toBe('https://portal.example.org/');
    expect(userSwitches().every((i) => !i.disabled)).toBe(true);
  });
});

describe('vid-overlay-root with another GROUP_PREFIX (cam_)', () => {
  // What /me says decides which groups the console shows: nothing in the UI assumes vid_.
  const CAM_ADMIN: Me = { ...ADMIN, groups: ['cam_admin', 'CAM_Ops', 'tak_cam', 'vid_public'], groupPrefix: 'cam_', adminGroups: ['cam_admin'] };

  async function startCam() {
    const page = await startOverlayPage(CAM_ADMIN, (fake) =>
      fake
        .on('GET /_overlay/api/groups', {
          body: {
            groups: [
              { name: 'cam_alpha', members: 2 },
              { name: 'cam_public', members: 5 },
              { name: 'vid_public', members: 9 },
              { name: 'tak_cam_x', members: 1 },
            ],
          },
        })
        .on('GET /_overlay/api/paths', {
          body: {
            paths: [{ path: 'cam1', configured: true, active: true, access: { groups: ['cam_public', 'CAM_Alpha'], rule: null, via: 'default' }, viewers: 3 }],
          },
        })
        .on('GET /_overlay/api/rules', { body: { rules: [], version: 1 } }),
    );
    ({ api, editor } = page);
    return page.root;
  }

  it('shows the stream groups /me describes, matched in any case, and never tak_ or vid_ ones', async () => {
    const root = await startCam();
    const chip = root.shadowRoot!.querySelector('vid-identity-chip')!;
    expect($$(chip, '.groups li').map((li) => text(li))).toEqual(['cam_admin', 'CAM_Ops']);
    expect(cardSwitches('cam1').map((i) => [i.name, i.checked])).toEqual([
      ['cam_alpha', true],
      ['cam_public', true],
    ]);
    expect(deepText(document.body)).not.toContain('tak_');
    expect(deepText(accessPanel())).not.toContain('vid_public');
  });

  it('"Private only" turns the prefix\'s public group off, and new groups get the prefix', async () => {
    const root = await startCam();
    api.on('PUT /_overlay/api/rules', () => ({ body: { version: 2, rule: null } }));
    [...card('cam1').querySelectorAll('button')].find((b) => text(b).startsWith('Private only'))!.click();
    await settled(root);
    expect(api.callsTo('PUT /_overlay/api/rules').map((c) => c.body)).toEqual([{ path: 'cam1', groups: ['CAM_Alpha'] }]);
    sidebarButton('Stream users').click();
    await settled(root);
    expect(text($(usersPanel(), '.prefix'))).toBe('cam_');
  });
});
