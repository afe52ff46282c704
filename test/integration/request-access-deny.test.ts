/**
 * Denying a request whose approval stopped half-way, against the Authentik double: Authentik
 * refuses the set-password link (no recovery flow) after the user was created and its groups
 * added, and the deny must take those groups back before the request is denied — or refuse,
 * leaving the request as it was. An attempt that outlives its lease cannot undo a deny either.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OverlayError } from '../../server/http/errors.ts';
import type { AccountCreator } from '../../server/onboarding/types.ts';
import type { DirectoryWriter } from '../../server/users/types.ts';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../doubles/authentik/index.ts';
import { goodForm, postRequestForm, PUBLIC_HOST } from '../harness/request-access.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

const TOKEN = 'ak-deny-test-token';
let ak: AuthentikDouble;
let stack: Stack;
let realWriter: DirectoryWriter;
let realCreator: AccountCreator;

beforeAll(async () => {
  ak = await startAuthentikDouble({ token: TOKEN, ...authentikSeed() });
  stack = await startStack({ mode: 'forward-auth-headers-only', env: { AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: TOKEN, REVOCATION_INTERVAL: '0' } });
  realWriter = stack.overlay.services!.users.writer!;
  realCreator = stack.overlay.services!.onboarding!;
});
afterAll(async () => {
  await stack?.stop();
  await ak?.stop();
});
beforeEach(() => {
  const services = stack.overlay.services!;
  services.users.writer = realWriter;
  services.onboarding = realCreator;
  ak.model.brand.flow_recovery = null;
});

async function api(path: string, body?: unknown) {
  const headers: Record<string, string> = { ...asForwardAuthUser('demo-admin', ['vid_admin']), 'X-Forwarded-Host': PUBLIC_HOST, 'X-Forwarded-Proto': 'https' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${stack.overlay.url}/_overlay/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function requested(username: string): Promise<string> {
  expect((await postRequestForm(stack.overlay.url, goodForm(username))).status).toBe(200);
  return (await api('/access-requests')).body.requests.find((r: { username: string }) => r.username === username).id;
}
const approve = (id: string, groups: string[]) => api(`/access-requests/${id}/approve`, { groups });
const deny = (id: string, reason?: string) => api(`/access-requests/${id}/deny`, reason === undefined ? {} : { reason });
const stored = async (id: string) => (await api('/access-requests')).body.requests.find((r: { id: string }) => r.id === id);
const groupsOf = (username: string) => ['vid_public', 'vid_private', 'vid_ops; night'].filter((g) => ak.membersOf(g).includes(username));
function enableRecovery(): void {
  const flow =
    ak.flows.flowSlugged('vid-password-recovery') ??
    ak.flows.addFlow({ name: 'Password recovery', slug: 'vid-password-recovery', title: 'Reset your password', designation: 'recovery' });
  ak.model.brand.flow_recovery = flow.pk;
}
const denyEntries = async (id: string) => (await api('/access-requests/audit?limit=500')).body.entries.filter((e: any) => e.id === id && e.action === 'deny');

/** Approves `groups` with no recovery flow: Authentik creates the user and adds the groups, then refuses the link. */
async function halfApproved(id: string, groups: string[]) {
  const res = await approve(id, groups);
  expect(res).toMatchObject({ status: 409, body: { title: 'Password recovery is not enabled', state: 'approving' } });
  expect(res.body.error).toContain('deny it (which takes back the groups it granted)');
}

describe('denying after a half-way approval', () => {
  it('takes back every group any attempt granted, logs which, sweeps live sessions, then denies', async () => {
    const id = await requested('nina');
    await halfApproved(id, ['vid_public']);
    await halfApproved(id, ['vid_private', 'vid_ops; night']);
    expect(groupsOf('nina')).toEqual(['vid_public', 'vid_private', 'vid_ops; night']);
    const sweep = vi.spyOn(stack.overlay.services!.revoke, 'sweep');
    try {
      const res = await deny(id, 'not on the roster');
      expect(res).toMatchObject({ status: 200, body: { request: { state: 'denied', decidedBy: 'demo-admin', denyReason: 'not on the roster' } } });
      expect(sweep).toHaveBeenCalled();
    } finally {
      sweep.mockRestore();
    }
    expect(groupsOf('nina')).toEqual([]);
    expect(await denyEntries(id)).toEqual([
      expect.objectContaining({
        by: 'demo-admin',
        username: 'nina',
        detail: 'after a failed approval; took back vid_public, vid_private, vid_ops; night: not on the roster',
      }),
    ]);
    // Enabling recovery later gives the denied person nothing to watch.
    enableRecovery();
    expect((await approve(id, ['vid_public'])).body).toMatchObject({ state: 'denied' });
    expect(groupsOf('nina')).toEqual([]);
  });

  it('refuses the deny, naming the group, and leaves the request as it was when a group cannot be taken back', async () => {
    const id = await requested('omar');
    await halfApproved(id, ['vid_public', 'vid_private']);
    const services = stack.overlay.services!;
    services.users.writer = {
      ...realWriter,
      async removeMember(username, group) {
        if (group === 'vid_private')
          throw new OverlayError(502, { title: 'Authentik is not answering', message: 'Authentik could not be reached while removing a member.' });
        return realWriter.removeMember(username, group);
      },
    };
    const before = await stored(id);
    const refused = await deny(id, 'no');
    expect(refused).toMatchObject({ status: 502, body: { title: 'Request not denied', state: 'approving' } });
    expect(refused.body.error).toBe(
      'Denying takes back the groups the approval gave, and taking omar out of vid_private failed (vid_public already taken back): ' +
        'Authentik could not be reached while removing a member. The request was not denied; deny it again.',
    );
    expect(await stored(id)).toEqual(before);
    expect(await denyEntries(id)).toEqual([]);
    expect(groupsOf('omar')).toEqual(['vid_private']);

    services.users.writer = null;
    expect(await deny(id)).toMatchObject({ status: 409, body: { title: 'Groups cannot be taken back' } });
    expect(await stored(id)).toEqual(before);

    services.users.writer = realWriter;
    expect((await deny(id)).body.request).toMatchObject({ state: 'denied' });
    expect(groupsOf('omar')).toEqual([]);
  });

  it("leaves alone an account of that name that is someone else's (another email)", async () => {
    const id = await requested('alice-two');
    await halfApproved(id, ['vid_public']);
    // As if the request had been for "alice": her account has another email than the request.
    const documents = stack.overlay.services!.store.documents;
    const doc = (await documents.read<{ requests: any[] }>('access-requests'))!;
    const requests = doc.data.requests.map((r) => (r.id === id ? { ...r, username: 'alice', groups: ['vid_private'] } : r));
    expect((await documents.write('access-requests', doc.version, { requests })).ok).toBe(true);
    expect((await deny(id)).body.request).toMatchObject({ state: 'denied' });
    expect(groupsOf('alice')).toContain('vid_private');
    expect((await denyEntries(id))[0].detail).toBe('after a failed approval; took back nothing (no account of theirs)');
  });
});

describe('an approval that outlives its lease', () => {
  it('cannot overwrite the deny that came after the lease ran out; what it granted is taken back again', async () => {
    enableRecovery();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const services = stack.overlay.services!;
    services.onboarding = {
      ...realCreator,
      async createAccount(...args) {
        await gate;
        return realCreator.createAccount(...args);
      },
    };
    const id = await requested('lena');
    const approving = approve(id, ['vid_public']);
    await vi.waitFor(async () => expect((await stored(id))?.state).toBe('approving'));
    // The lease covers the worst case of the attempt: 2 Authentik calls per group, 4 more, 10 s each, and a minute.
    const { approval } = await stored(id);
    expect(Date.parse(approval.leaseUntil) - Date.parse(approval.startedAt)).toBe(6 * 10_000 + 60_000);
    expect(await deny(id)).toMatchObject({ status: 409, body: { title: 'Approval in progress' } });

    // Time passes beyond the lease (as if the attempt had hung): the lease is moved into the past.
    const documents = services.store.documents;
    const doc = (await documents.read<{ requests: any[] }>('access-requests'))!;
    const past = new Date(Date.now() - 1000).toISOString();
    const requests = doc.data.requests.map((r) => (r.id === id ? { ...r, approval: { ...r.approval, leaseUntil: past } } : r));
    expect((await documents.write('access-requests', doc.version, { requests })).ok).toBe(true);
    expect((await deny(id, 'too slow')).body.request).toMatchObject({ state: 'denied' });
    expect((await denyEntries(id))[0].detail).toBe('after a failed approval; took back nothing (no account of theirs): too slow');

    release();
    const late = await approving;
    expect(late).toMatchObject({ status: 409, body: { title: 'Approval taken over', state: 'denied' } });
    expect(await stored(id)).toMatchObject({ state: 'denied', denyReason: 'too slow' });
    expect(ak.model.userNamed('lena')).toBeTruthy();
    expect(groupsOf('lena')).toEqual([]);
    expect(stack.overlay.logs.some((l) => l.msg === 'an approval attempt ended after its request was denied; its groups were taken back again')).toBe(true);
  });
});
