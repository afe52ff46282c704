/**
 * The admins' side of access requests, /_overlay/api/access-requests, in forward-auth mode with a
 * fake AccountCreator: listing, approve (with its once-only link), deny, conflicts, retries, audit.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { fakeCreator, goodForm, postRequestForm, PUBLIC_HOST, type FakeCreator } from '../harness/request-access.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
let creator: FakeCreator;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
  creator = fakeCreator();
  stack.overlay.services!.onboarding = creator;
  for (const username of ['nora', 'oscar', 'paula', 'quinn', 'rita', 'sam']) {
    expect((await postRequestForm(stack.overlay.url, goodForm(username, { name: `<i>${username}</i>` }))).status).toBe(200);
  }
  const { body } = await api('/access-requests');
  for (const r of body.requests) ids[r.username] = r.id;
});
afterAll(() => stack?.stop());

async function api(path: string, options: { user?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = {
    ...asForwardAuthUser(options.user ?? 'demo-admin'),
    'X-Forwarded-Host': PUBLIC_HOST,
    'X-Forwarded-Proto': 'https',
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await fetch(`${stack.overlay.url}/_overlay/api${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, any> };
}
const approve = (username: string, groups: unknown = ['vid_public']) => api(`/access-requests/${ids[username]}/approve`, { method: 'POST', body: { groups } });
const deny = (username: string, body: unknown = {}) => api(`/access-requests/${ids[username]}/deny`, { method: 'POST', body });

describe('GET /_overlay/api/access-requests', () => {
  it('lists open requests first, oldest first, with their count; markup comes back as data', async () => {
    const { status, body } = await api('/access-requests');
    expect(status).toBe(200);
    expect(body).toMatchObject({ pending: 6, total: 6, mode: 'overlay' });
    expect(body.requests.map((r: any) => r.username)).toEqual(['nora', 'oscar', 'paula', 'quinn', 'rita', 'sam']);
    expect(body.requests[0]).toMatchObject({ name: '<i>nora</i>', email: 'nora@new.example.org', state: 'pending', decidedBy: null });
  });

  it('is refused to viewers and to people without stream access, and to nobody-in-particular', async () => {
    expect((await api('/access-requests', { user: 'demo-viewer' })).status).toBe(403);
    expect((await api('/access-requests', { user: 'carol' })).status).toBe(403);
    expect((await api(`/access-requests/${ids.nora}/approve`, { user: 'demo-viewer', method: 'POST', body: { groups: ['vid_public'] } })).status).toBe(403);
    expect((await fetch(`${stack.overlay.url}/_overlay/api/access-requests`)).status).toBe(401);
  });
});

describe('approve', () => {
  it.each([
    [{ groups: ['tak_cyan'] }, 'groups', /only groups starting with "vid_".*not: tak_cyan/],
    [{ groups: ['vid_nope'] }, 'groups', /not in the directory: vid_nope/],
    [{ groups: [] }, 'groups', /send 1 to 20 group names/],
    [{ groups: ['vid_public'], password: 'x' }, 'password', /unknown field/],
    ['[1]', 'body', /JSON object/],
  ])('refuses %j naming the field', async (body, field, message) => {
    const res = await api(`/access-requests/${ids.nora}/approve`, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field, error: expect.stringMatching(message) });
    expect(creator.calls).toHaveLength(0);
  });

  it('refuses a non-JSON body, and answers 404 for an unknown request', async () => {
    expect(
      (await api(`/access-requests/${ids.nora}/approve`, { method: 'POST', body: '<groups/>', headers: { 'Content-Type': 'application/xml' } })).status,
    ).toBe(415);
    expect(
      (await api('/access-requests/00000000-0000-4000-8000-000000000000/approve', { method: 'POST', body: { groups: ['vid_public'] } })).body,
    ).toMatchObject({ field: 'id' });
    expect((await api('/access-requests/not-an-id/deny', { method: 'POST', body: {} })).status).toBe(404);
  });

  it('creates the account, returns its link once, and keeps only that there was one', async () => {
    const res = await approve('nora', ['vid_public', 'vid_private', 'vid_public']);
    expect(res.status).toBe(200);
    expect(res.body.passwordSetup).toEqual({
      kind: 'link',
      url: `https://${PUBLIC_HOST}/set-password?t=secret-nora`,
      expiresAt: '2030-01-02T00:00:00.000Z',
      emailed: false,
    });
    expect(res.body.request).toMatchObject({
      state: 'approved',
      decidedBy: 'demo-admin',
      groups: ['vid_public', 'vid_private'],
      approval: { attempts: 1, outcome: { created: true, passwordSetup: { kind: 'link', emailed: false } } },
    });
    expect(creator.calls.at(-1)).toEqual({
      account: { username: 'nora', name: '<i>nora</i>', email: 'nora@new.example.org', groups: ['vid_public', 'vid_private'] },
      actingAdmin: 'demo-admin',
      origin: `https://${PUBLIC_HOST}`,
    });
    const everything = JSON.stringify(await stack.overlay.services!.store.documents.read('access-requests')) + (await api('/access-requests')).text;
    expect(everything).not.toContain('secret-nora');
  });

  it('refuses to approve or deny an approved request again, naming its state', async () => {
    const again = await approve('nora');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ state: 'approved', error: 'This request is approved by demo-admin; it cannot be approved now.' });
    expect((await deny('nora')).body).toMatchObject({ state: 'approved' });
    expect(creator.calls.filter((c) => c.account.username === 'nora')).toHaveLength(1);
  });

  it('keeps a request that failed half-way in approving, and a retry finishes it', async () => {
    creator.failNext = 1;
    const failed = await approve('oscar');
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({
      state: 'approving',
      error: expect.stringMatching(/directory write failed half-way\. The request stays "approving": approve it again to finish/),
    });
    const listed = (await api('/access-requests')).body.requests.find((r: any) => r.username === 'oscar');
    expect(listed).toMatchObject({ state: 'approving', approval: { attempts: 1, inFlight: false, lastError: 'directory write failed half-way' } });
    const retried = await approve('oscar');
    expect(retried.status).toBe(200);
    expect(retried.body.request).toMatchObject({ state: 'approved', approval: { attempts: 2, lastError: null, outcome: { created: false } } });
    expect(creator.calls.filter((c) => c.account.username === 'oscar')).toHaveLength(2);
  });

  it('lets one of two concurrent decisions win; the other gets 409', async () => {
    let release!: () => void;
    creator.gate = new Promise((resolve) => {
      release = resolve;
    });
    const first = approve('paula');
    await vi.waitFor(() => expect(creator.calls.some((c) => c.account.username === 'paula')).toBe(true));
    const [denied, second] = [await deny('paula'), await approve('paula')];
    expect(denied).toMatchObject({ status: 409, body: { state: 'approving' } });
    expect(second).toMatchObject({ status: 409, body: { title: 'Approval in progress', state: 'approving' } });
    creator.gate = null;
    release();
    expect((await first).status).toBe(200);
    expect(creator.calls.filter((c) => c.account.username === 'paula')).toHaveLength(1);
  });

  it('refuses a name that reached the directory after the request came in', async () => {
    const documents = stack.overlay.services!.store.documents;
    const doc = (await documents.read<{ requests: any[] }>('access-requests'))!;
    const taken = {
      ...doc.data.requests.find((r) => r.username === 'rita'),
      id: '11111111-1111-4111-8111-111111111111',
      username: 'alice',
      email: 'other@new.example.org',
    };
    expect((await documents.write('access-requests', doc.version, { requests: [...doc.data.requests, taken] })).ok).toBe(true);
    ids.alice = taken.id;
    expect((await approve('alice')).body).toMatchObject({ title: 'Username taken', field: 'username' });
  });

  it('says so when the directory is read-only', async () => {
    stack.overlay.services!.onboarding = null;
    try {
      expect((await approve('rita')).body).toMatchObject({ title: 'Accounts cannot be created here' });
    } finally {
      stack.overlay.services!.onboarding = creator;
    }
  });
});

describe('deny, the log and /me', () => {
  it('denies with a reason (or none), and then refuses to approve it', async () => {
    const res = await deny('quinn', { reason: 'Unknown agency <x>' });
    expect(res.body.request).toMatchObject({ state: 'denied', decidedBy: 'demo-admin', denyReason: 'Unknown agency <x>' });
    const empty = await api(`/access-requests/${ids.sam}/deny`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(empty.body.request).toMatchObject({ state: 'denied', denyReason: null });
    expect((await approve('quinn')).body).toMatchObject({ state: 'denied', error: expect.stringMatching(/is denied by demo-admin/) });
    expect((await deny('rita', { reason: 7 })).body).toMatchObject({ field: 'reason' });
  });

  it('logs who did what when, newest first, for admins only', async () => {
    const { body } = await api('/access-requests/audit?limit=3');
    expect(body.total).toBeGreaterThan(10);
    expect(body.entries).toHaveLength(3);
    expect(body.entries[0]).toMatchObject({ by: 'demo-admin', action: 'deny', username: 'sam', at: expect.stringMatching(/^\d{4}-/) });
    expect((await api('/access-requests/audit?limit=-1')).body).toMatchObject({ field: 'limit' });
    expect((await api('/access-requests/audit', { user: 'demo-viewer' })).status).toBe(403);
  });

  it('counts what still waits on /me and in the list', async () => {
    const list = (await api('/access-requests')).body;
    expect(list.requests.slice(0, list.pending).map((r: any) => r.username)).toEqual(['rita', 'alice']);
    expect((await api('/me')).body.requestAccess).toEqual({ mode: 'overlay', pending: 2 });
  });
});
