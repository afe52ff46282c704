// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessRequest, Me, RecoveryStatus } from '../../shared/api-types.ts';
import { accessRequest } from '../../testing/access-requests.ts';
import type { FakeApi } from '../../testing/fake-api.ts';
import { $, $$, deepText, flip, spokenText, text } from '../../testing/helpers.ts';
import { ADMIN, clearPage, settled, startOverlayPage } from '../../testing/overlay-page.ts';
import type { VidOverlayRoot } from './vid-overlay-root.ts';

const FRANK = accessRequest('frank');
const GINA = accessRequest('gina');
const WITH_REQUESTS: Me = { ...ADMIN, requestAccess: { mode: 'overlay', pending: 2 } };
const LINK = 'http://127.0.0.1:8080/set-password?token=once';
const RECOVERY: RecoveryStatus = {
  complete: false,
  items: [{ key: 'flow', label: 'Recovery flow "vid-password-recovery"', present: false, detail: 'missing: Enable creates it' }],
};

let api: FakeApi;
let root: VidOverlayRoot;
/** What GET /access-requests answers now. */
let queue: AccessRequest[];

async function openUsers(
  me: Me = WITH_REQUESTS,
  recovery: { status?: number; body?: unknown } = { status: 409, body: { error: 'Password recovery needs Authentik' } },
) {
  queue = [FRANK, GINA];
  ({ api, root } = await startOverlayPage(me, (fake) =>
    fake
      .on('GET /_overlay/api/users', { body: { users: [], total: 0, page: 0, pageSize: 25 } })
      .on('GET /_overlay/api/access-requests', () => ({
        body: { requests: queue, pending: queue.filter((r) => r.state === 'pending').length, total: queue.length, mode: 'overlay' },
      }))
      .on('GET /_overlay/api/password-recovery', recovery),
  ));
  usersTab().click();
  await settled(root);
}

const usersTab = () => document.querySelector<HTMLButtonElement>('#sidebar [data-vid-tab="vid-stream-users"]')!;
const badge = () => usersTab().querySelector('[data-vid-badge]');
const requestsPanel = () => document.querySelector('vid-access-requests')!;
const item = (username: string) => $$(requestsPanel(), 'li[data-request]').find((li) => text(li.querySelector('h3')).includes(`“${username}”`))!;
const click = (scope: Element, name: string) => [...scope.querySelectorAll('button')].find((b) => text(b) === name)!.click();
const decided = (r: AccessRequest, state: 'approved' | 'denied'): AccessRequest => ({
  ...r,
  state,
  decidedBy: 'demo-admin',
  decidedAt: '2025-03-02T00:00:00Z',
});

beforeEach(clearPage);
afterEach(clearPage);

describe('vid-overlay-root access requests', () => {
  it('counts waiting requests on the Stream users tab, for sight and for screen readers', async () => {
    await openUsers();
    expect(text(usersTab())).toBe('Stream users2 (2 access requests waiting)');
    expect(badge()!.querySelector('[aria-hidden="true"]')!.textContent).toBe('2');
    // The collapsed sidebar shows only the Directory group's icon: the count is on it too.
    const groupLabel = document.querySelector('#group-vid-directory > .sidebar-group-label')!;
    expect(groupLabel.querySelector('.sidebar-icon [data-vid-badge] [aria-hidden="true"]')!.textContent).toBe('2');
    expect(spokenText(groupLabel)).toBe('Directory (2 access requests waiting)');
    expect(api.callsTo('GET /_overlay/api/access-requests')).toHaveLength(1);
    expect($$(requestsPanel(), 'li[data-request]')).toHaveLength(2);
    // Above the people: requests are what needs an admin first.
    const pane = document.getElementById('vid-stream-users')!;
    expect([...pane.children].map((el) => el.localName)).toEqual(['vid-access-requests', 'vid-stream-users']);
  });

  it('approves with the chosen vid_ groups, shows the link once, and reloads queue, people and groups', async () => {
    await openUsers();
    api.on('POST /_overlay/api/access-requests/' + FRANK.id + '/approve', () => {
      queue = [decided(FRANK, 'approved'), GINA];
      return { body: { request: decided(FRANK, 'approved'), passwordSetup: { kind: 'link', url: LINK, expiresAt: '2030-01-02T00:00:00Z', emailed: false } } };
    });
    flip($$<HTMLInputElement>(item('frank').querySelector('vid-group-switches')!, 'input').find((i) => i.name === 'vid_private')!);
    await settled(root);
    click(item('frank'), 'Approve frank');
    await settled(root);
    const [approve] = api.callsTo(`POST /_overlay/api/access-requests/${FRANK.id}/approve`);
    expect([approve!.body, approve!.headers['content-type']]).toEqual([{ groups: ['vid_private'] }, 'application/json']);
    const setup = $(requestsPanel(), 'vid-password-setup');
    expect($<HTMLInputElement>(setup, 'input').value).toBe(LINK);
    expect(text($(requestsPanel(), '[role="status"]'))).toBe('Approved frank with vid_private.');
    expect($$(requestsPanel(), 'li[data-request]').map((li) => text(li.querySelector('h3')))).toEqual(['Person gina asks for “gina”']);
    expect(text(usersTab())).toContain('(1 access request waiting)');
    expect(api.callsTo('GET /_overlay/api/access-requests')).toHaveLength(2);
    expect(api.callsTo('GET /_overlay/api/users')).toHaveLength(2);
    expect(api.callsTo('GET /_overlay/api/groups')).toHaveLength(2);

    click(setup.shadowRoot!.querySelector('.setup')!, 'Done: I have passed the link on');
    await settled(root);
    expect(document.querySelector('vid-password-setup')).toBeNull();
    expect(deepText(document.body)).not.toContain('token=once');
  });

  it('asks for a group before approving, and sends nothing', async () => {
    await openUsers();
    click(item('frank'), 'Approve frank');
    await settled(root);
    expect(text(item('frank').querySelector('[role="alert"]'))).toBe('Choose at least one stream group for frank first.');
    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it("shows the API's refusal in words next to the request, and reads the queue again", async () => {
    await openUsers();
    api.on(`POST /_overlay/api/access-requests/${FRANK.id}/approve`, {
      status: 409,
      body: { error: '"frank" is in the directory now (it was not when the request came in).', title: 'Username taken', field: 'username' },
    });
    flip($$<HTMLInputElement>(item('frank').querySelector('vid-group-switches')!, 'input')[0]!);
    await settled(root);
    click(item('frank'), 'Approve frank');
    await settled(root);
    expect(text(item('frank').querySelector('[role="alert"]'))).toBe('"frank" is in the directory now (it was not when the request came in).');
    expect(text($(requestsPanel(), '[role="status"]'))).toBe('Nothing was decided for frank.');
    expect(document.querySelector('vid-password-setup')).toBeNull();
    expect(api.callsTo('GET /_overlay/api/access-requests')).toHaveLength(2);
  });

  it('denies with the reason typed', async () => {
    await openUsers();
    api.on(`POST /_overlay/api/access-requests/${GINA.id}/deny`, () => {
      queue = [FRANK, decided(GINA, 'denied')];
      return { body: { request: decided(GINA, 'denied') } };
    });
    click(item('gina'), 'Deny gina');
    await settled(root);
    const reason = $<HTMLTextAreaElement>(item('gina'), 'textarea');
    reason.value = 'not on the roster';
    reason.dispatchEvent(new Event('input'));
    item('gina').querySelector('form')!.requestSubmit();
    await settled(root);
    expect(api.callsTo(`POST /_overlay/api/access-requests/${GINA.id}/deny`)[0]!.body).toEqual({ reason: 'not on the roster' });
    expect(text($(requestsPanel(), '[role="status"]'))).toBe("Denied gina's request.");
    expect(text(usersTab())).toContain('(1 access request waiting)');
  });

  it('with TAK Portal: points there, asks for no queue and shows no badge', async () => {
    await openUsers({ ...ADMIN, takPortalUrl: 'https://portal.example.org', requestAccess: { mode: 'tak-portal', pending: 0 } });
    expect($(requestsPanel(), '[data-tak-portal] a').getAttribute('href')).toBe('https://portal.example.org/request-access');
    expect(api.callsTo('GET /_overlay/api/access-requests')).toEqual([]);
    expect(badge()).toBeNull();
  });

  it('shows no request panel when /me says nothing about requests', async () => {
    await openUsers(ADMIN);
    expect(requestsPanel()).toBeNull();
    expect(api.callsTo('GET /_overlay/api/access-requests')).toEqual([]);
  });
});

describe('vid-overlay-root password recovery', () => {
  it('is not shown when the API answers 409 (no Authentik)', async () => {
    await openUsers();
    expect(api.callsTo('GET /_overlay/api/password-recovery')).toHaveLength(1);
    expect(document.querySelector('vid-password-recovery')).toBeNull();
  });

  it('shows what exists, and Enable posts and shows what was created', async () => {
    await openUsers(WITH_REQUESTS, { body: RECOVERY });
    const panel = document.querySelector('vid-password-recovery')!;
    expect(text($(panel, 'li[data-item="flow"] .chip'))).toBe('missing');
    api.on('POST /_overlay/api/password-recovery', { body: { complete: true, items: [{ ...RECOVERY.items[0]!, present: true }], created: ['flow'] } });
    click(panel.shadowRoot!.querySelector('section')!, 'Enable password recovery');
    await settled(root);
    expect(api.callsTo('POST /_overlay/api/password-recovery')).toHaveLength(1);
    expect(text($(panel, '[role="status"]'))).toBe('Created or set: Recovery flow "vid-password-recovery".');
    expect(text($(panel, 'li[data-item="flow"]'))).toContain('just created');
    // Opening the tab again does not ask again.
    usersTab().click();
    await settled(root);
    expect(api.callsTo('GET /_overlay/api/password-recovery')).toHaveLength(1);
  });
});
