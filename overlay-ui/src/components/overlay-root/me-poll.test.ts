// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { AccessRequest, Me } from '../../shared/api-types.ts';
import { accessRequest } from '../../testing/access-requests.ts';
import type { FakeApi } from '../../testing/fake-api.ts';
import { $, $$, deepText, text } from '../../testing/helpers.ts';
import { ADMIN, clearPage, settled, startOverlayPage, VIEWER } from '../../testing/overlay-page.ts';
import { ME_POLL_MS } from './me-poll.ts';
import type { VidOverlayRoot } from './vid-overlay-root.ts';

let api: FakeApi;
let root: VidOverlayRoot;
let reload: Mock<() => void>;
let debug: Mock<(...args: unknown[]) => void>;
/** What GET /me answers now. */
let meAnswer: { status?: number; body?: unknown };
let queue: AccessRequest[];
let visibility: DocumentVisibilityState;

/** The page as loaded, with only the poll's interval on fake time (the helpers' flush needs real 0 ms timeouts). */
async function start(me: Me) {
  meAnswer = { body: me };
  queue = [accessRequest('frank')];
  ({ api, root } = await startOverlayPage(me, (fake) =>
    fake
      .on('GET /_overlay/api/me', () => meAnswer)
      .on('GET /_overlay/api/users', { body: { users: [], total: 0, page: 0, pageSize: 25 } })
      .on('GET /_overlay/api/password-recovery', { status: 409, body: { error: 'no Authentik' } })
      .on('GET /_overlay/api/access-requests', () => ({ body: { requests: queue, pending: queue.length, total: queue.length, mode: 'overlay' } })),
  ));
  reload = vi.fn();
  root.poll.reload = reload;
}

async function later(ms = ME_POLL_MS) {
  await vi.advanceTimersByTimeAsync(ms);
  await settled(root);
}

async function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
  await settled(root);
}

const meCalls = () => api.callsTo('GET /_overlay/api/me').length;
const chipGroups = () => $$($(root, 'vid-identity-chip'), '.groups li').map((li) => text(li));
const usersTab = () => document.querySelector<HTMLButtonElement>('#sidebar [data-vid-tab="vid-stream-users"]')!;
const badge = () => text(usersTab().querySelector('[data-vid-badge] [aria-hidden="true"]'));
const WITH_REQUESTS: Me = { ...ADMIN, requestAccess: { mode: 'overlay', pending: 1 } };

beforeEach(() => {
  clearPage();
  sessionStorage.clear();
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
});

afterEach(() => {
  clearPage();
  vi.useRealTimers();
  vi.restoreAllMocks();
  delete (document as { visibilityState?: unknown }).visibilityState;
});

describe('vid-overlay-root reads /me again', () => {
  it("updates a viewer's chip with the groups /me names now", async () => {
    await start(VIEWER);
    expect(chipGroups()).toEqual(['vid_public']);
    meAnswer = { body: { ...VIEWER, groups: ['vid_public', 'vid_alpha', 'tak_ops'] } };
    await later(ME_POLL_MS - 1);
    expect(meCalls()).toBe(1);
    await later(1);
    expect(meCalls()).toBe(2);
    expect(chipGroups()).toEqual(['vid_public', 'vid_alpha']);
  });

  it('moves the Stream users badge, and reads the queue again only when the count moves while the tab is open', async () => {
    await start(WITH_REQUESTS);
    expect(badge()).toBe('1');
    meAnswer = { body: { ...WITH_REQUESTS, requestAccess: { mode: 'overlay', pending: 3 } } };
    await later();
    expect(badge()).toBe('3');
    expect(text(usersTab())).toContain('(3 access requests waiting)');
    expect(api.callsTo('GET /_overlay/api/access-requests')).toEqual([]); // tab closed: the badge is enough

    queue = [accessRequest('frank'), accessRequest('gina'), accessRequest('hank')];
    usersTab().click();
    await settled(root);
    expect(api.callsTo('GET /_overlay/api/access-requests')).toHaveLength(1);
    await later(); // /me still says 3: the open list is current
    expect(api.callsTo('GET /_overlay/api/access-requests')).toHaveLength(1);

    queue = [...queue, accessRequest('ida')];
    meAnswer = { body: { ...WITH_REQUESTS, requestAccess: { mode: 'overlay', pending: 4 } } };
    await later();
    expect(api.callsTo('GET /_overlay/api/access-requests')).toHaveLength(2);
    expect($$(document.querySelector('vid-access-requests')!, 'li[data-request]')).toHaveLength(4);
    expect(badge()).toBe('4');
  });

  it('does not poll in a hidden tab, and reads at once when it is visible again', async () => {
    await start(VIEWER);
    await setVisibility('hidden');
    await later(3 * ME_POLL_MS);
    expect(meCalls()).toBe(1);
    meAnswer = { body: { ...VIEWER, groups: ['vid_alpha'] } };
    await setVisibility('visible');
    expect(meCalls()).toBe(2);
    expect(chipGroups()).toEqual(['vid_alpha']);
    await later();
    expect(meCalls()).toBe(3);
  });

  it('stops when the root leaves the page', async () => {
    await start(VIEWER);
    root.remove();
    await later(3 * ME_POLL_MS);
    await setVisibility('hidden');
    await setVisibility('visible');
    expect(meCalls()).toBe(1);
  });

  it('keeps failures quiet (console.debug only) and tries again next round', async () => {
    await start(WITH_REQUESTS);
    meAnswer = { status: 502, body: { error: 'directory down' } };
    await later();
    expect(debug).toHaveBeenCalledTimes(1);
    expect(deepText(document.body)).not.toContain('directory down');
    expect(document.querySelector('[role="alert"]')).toBeNull();
    expect(chipGroups()).toEqual(['vid_admin']);
    expect(badge()).toBe('1');
    meAnswer = { body: { ...WITH_REQUESTS, requestAccess: { mode: 'overlay', pending: 2 } } };
    await later();
    expect(badge()).toBe('2');
    expect(reload).not.toHaveBeenCalled();
  });
});

describe('vid-overlay-root when /me is refused', () => {
  it('reloads once on 401 and stops polling', async () => {
    await start(VIEWER);
    meAnswer = { status: 401, body: { error: 'Sign in first.' } };
    await later();
    expect(reload).toHaveBeenCalledTimes(1);
    await later(3 * ME_POLL_MS);
    expect(meCalls()).toBe(2);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('does not reload again right after a reload (no reload loop)', async () => {
    await start(VIEWER);
    meAnswer = { status: 403, body: { error: 'No stream access.' } };
    await later();
    expect(reload).toHaveBeenCalledTimes(1);
    // The page came back with the console again (the server still serves it), and /me refuses again.
    const first = reload;
    await start(VIEWER);
    meAnswer = { status: 403, body: { error: 'No stream access.' } };
    await later();
    expect(reload).not.toHaveBeenCalled();
    expect(first).toHaveBeenCalledTimes(1);
    expect(debug).toHaveBeenCalledWith(expect.stringContaining('not again'));
  });

  it('reloads when /me names another person or role', async () => {
    await start(ADMIN);
    meAnswer = { body: { ...ADMIN, role: 'viewer' } };
    await later();
    expect(reload).toHaveBeenCalledTimes(1);
    expect($<HTMLElementTagNameMap['vid-identity-chip']>(root, 'vid-identity-chip').me?.role).toBe('admin'); // nothing half-updated before the reload
  });
});
