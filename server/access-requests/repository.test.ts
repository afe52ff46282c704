import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore } from '../../test/harness/temp-store.ts';
import { createAccessRequestRepository, MAX_OPEN, MIN_APPROVAL_LEASE_MS, type AccessRequestRepository } from './repository.ts';
import type { AccessRequest, RequestFields } from './types.ts';

let store: Awaited<ReturnType<typeof openTempStore>>;
let repo: AccessRequestRepository;
let clock: number;

const fields = (username: string, email = `${username}@example.org`): RequestFields => ({
  name: `Name ${username}`,
  email,
  username,
  reason: 'work',
  agency: null,
});
const outcome = { created: true, passwordSetup: { kind: 'link' as const, expiresAt: '2030-01-01T00:00:00.000Z', emailed: false } };
/** What the approve handler would pass for a quick creator: the shortest lease there is. */
const LEASE = 0;

async function submitted(username: string): Promise<AccessRequest> {
  const result = await repo.submit(fields(username));
  if (!result.ok) throw new Error(`submit ${username} refused: ${result.reason}`);
  clock += 1000;
  return result.request;
}

beforeEach(async () => {
  store = await openTempStore('access-requests');
  clock = Date.parse('2030-01-01T00:00:00Z');
  repo = createAccessRequestRepository({ documents: store.documents, now: () => clock });
});
afterEach(() => store.remove());

describe('submitting', () => {
  it('stores a pending request with every field and nothing decided', async () => {
    const request = await submitted('frank');
    expect(request).toMatchObject({
      ...fields('frank'),
      state: 'pending',
      submittedAt: '2030-01-01T00:00:00.000Z',
      decidedBy: null,
      groups: [],
      approval: null,
    });
    expect(await repo.list()).toEqual([request]);
    expect(await repo.openCount()).toBe(1);
  });

  it('refuses a username or an email (any case) that is already waiting, and takes it again once decided', async () => {
    const first = await submitted('frank');
    expect(await repo.submit(fields('frank', 'other@example.org'))).toEqual({ ok: false, reason: 'duplicate', field: 'username' });
    expect(await repo.submit(fields('franky', 'FRANK@example.org'))).toEqual({ ok: false, reason: 'duplicate', field: 'email' });
    await repo.deny(first.id, 'demo-admin', null);
    expect((await repo.submit(fields('frank'))).ok).toBe(true);
  });

  it('keeps both of two concurrent submissions, and only one of two for the same name', async () => {
    const [a, b] = await Promise.all([repo.submit(fields('gina')), repo.submit(fields('hank'))]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const same = await Promise.all([repo.submit(fields('ivan')), repo.submit(fields('ivan', 'ivan2@example.org'))]);
    expect(same.filter((r) => r.ok)).toHaveLength(1);
    expect((await repo.list()).map((r) => r.username).sort()).toEqual(['gina', 'hank', 'ivan']);
  });

  it('refuses more than MAX_OPEN waiting requests', async () => {
    const open = Array.from({ length: MAX_OPEN }, (_, i) => ({
      ...fields(`u${i}`),
      id: `id${i}`,
      state: 'pending',
      submittedAt: 'x',
      decidedBy: null,
      decidedAt: null,
      groups: [],
      denyReason: null,
      approval: null,
    }));
    await store.documents.write('access-requests', 0, { requests: open });
    expect(await repo.submit(fields('late'))).toEqual({ ok: false, reason: 'full' });
  });
});

describe('deciding', () => {
  it('approves in two steps, recording who, when, the groups and the outcome without any link', async () => {
    const { id } = await submitted('frank');
    const started = await repo.startApproval(id, 'demo-admin', ['vid_public'], LEASE);
    expect(started).toMatchObject({
      ok: true,
      request: { state: 'approving', groups: ['vid_public'], approval: { attempts: 1, inFlight: true, startedBy: 'demo-admin' } },
    });
    const finished = await repo.finishApproval(id, 'demo-admin', 1, outcome);
    expect(finished).toMatchObject({
      ok: true,
      request: { state: 'approved', decidedBy: 'demo-admin', decidedAt: '2030-01-01T00:00:01.000Z', approval: { inFlight: false, outcome } },
    });
    expect(await repo.startApproval(id, 'bob', ['vid_public'], LEASE)).toMatchObject({ ok: false, reason: 'state', request: { state: 'approved' } });
    expect(await repo.deny(id, 'bob', null)).toMatchObject({ ok: false, reason: 'state', request: { state: 'approved' } });
  });

  it('refuses a second approve while one runs, and allows it once that one failed or its lease ran out', async () => {
    const { id } = await submitted('frank');
    await repo.startApproval(id, 'demo-admin', ['vid_public'], LEASE);
    expect(await repo.startApproval(id, 'bob', ['vid_public'], LEASE)).toMatchObject({ ok: false, reason: 'in-flight' });
    expect(await repo.deny(id, 'bob', null)).toMatchObject({ ok: false, reason: 'in-flight', request: { state: 'approving' } });
    await repo.failApproval(id, 'demo-admin', 1, 'directory hiccup');
    expect((await repo.get(id))?.approval).toMatchObject({ attempts: 1, inFlight: false, lastError: 'directory hiccup' });
    expect(await repo.startApproval(id, 'bob', ['vid_private'], LEASE)).toMatchObject({
      ok: true,
      request: { groups: ['vid_private'], approval: { attempts: 2, lastError: null } },
    });
    clock += MIN_APPROVAL_LEASE_MS;
    expect(await repo.startApproval(id, 'demo-admin', ['vid_private'], LEASE)).toMatchObject({ ok: true, request: { approval: { attempts: 3 } } });
    // The late failure of attempt 2 does not touch attempt 3.
    await repo.failApproval(id, 'bob', 2, 'too late');
    expect((await repo.get(id))?.approval).toMatchObject({ attempts: 3, inFlight: true, lastError: null });
  });

  it('denies a request whose approval failed only with its groups taken back, and logs which', async () => {
    const { id } = await submitted('frank');
    await repo.startApproval(id, 'demo-admin', ['vid_public'], LEASE);
    await repo.failApproval(id, 'demo-admin', 1, 'Authentik refused the name');
    // Closed by default: a deny that says nothing of the groups, or saw an older attempt, writes nothing.
    expect(await repo.deny(id, 'bob', 'name clash')).toMatchObject({ ok: false, reason: 'changed', request: { state: 'approving' } });
    expect(await repo.deny(id, 'bob', 'name clash', { attempts: 0, removed: [] })).toMatchObject({ ok: false, reason: 'changed' });
    expect((await repo.get(id))?.state).toBe('approving');
    expect(await repo.deny(id, 'bob', 'name clash', { attempts: 1, removed: ['vid_public'] })).toMatchObject({
      ok: true,
      request: { state: 'denied', decidedBy: 'bob' },
    });
    const [entry] = (await repo.audit({ limit: 1, offset: 0 })).entries;
    expect(entry).toMatchObject({ action: 'deny', detail: 'after a failed approval; took back vid_public: name clash' });
  });

  it('remembers every group any attempt set out to grant, for a deny to take back', async () => {
    const { id } = await submitted('frank');
    await repo.startApproval(id, 'demo-admin', ['vid_public', 'vid_ops'], LEASE);
    await repo.failApproval(id, 'demo-admin', 1, 'hiccup');
    const second = await repo.startApproval(id, 'bob', ['vid_private', 'vid_public'], LEASE);
    expect(second).toMatchObject({
      ok: true,
      request: { groups: ['vid_private', 'vid_public'], approval: { triedGroups: ['vid_public', 'vid_ops', 'vid_private'] } },
    });
  });

  it('holds an approval for the lease its caller asked, never less than the minimum', async () => {
    const { id } = await submitted('frank');
    const lease = 25 * 60_000;
    expect(await repo.startApproval(id, 'demo-admin', ['vid_public'], lease)).toMatchObject({
      ok: true,
      request: { approval: { leaseUntil: '2030-01-01T00:25:01.000Z' } },
    });
    clock += lease - 1;
    expect(await repo.startApproval(id, 'bob', ['vid_public'], LEASE)).toMatchObject({ ok: false, reason: 'in-flight' });
    expect(await repo.deny(id, 'bob', null, { attempts: 1, removed: [] })).toMatchObject({ ok: false, reason: 'in-flight' });
    clock += 1;
    expect(await repo.startApproval(id, 'bob', ['vid_public'], LEASE)).toMatchObject({
      ok: true,
      request: { approval: { attempts: 2, leaseUntil: new Date(clock + MIN_APPROVAL_LEASE_MS).toISOString() } },
    });
  });

  it('never lets an attempt that outlived its lease overwrite the attempt or the deny that took over', async () => {
    const { id } = await submitted('frank');
    await repo.startApproval(id, 'demo-admin', ['vid_public'], LEASE);
    clock += MIN_APPROVAL_LEASE_MS;
    await repo.startApproval(id, 'bob', ['vid_public'], LEASE);
    expect(await repo.finishApproval(id, 'demo-admin', 1, outcome)).toMatchObject({
      ok: false,
      reason: 'superseded',
      request: { state: 'approving', approval: { attempts: 2, inFlight: true } },
    });
    expect(await repo.finishApproval(id, 'bob', 2, outcome)).toMatchObject({ ok: true, request: { state: 'approved', decidedBy: 'bob' } });
    expect(await repo.finishApproval(id, 'demo-admin', 1, outcome)).toMatchObject({
      ok: false,
      reason: 'superseded',
      request: { state: 'approved', decidedBy: 'bob' },
    });
    const other = await submitted('gwen');
    await repo.startApproval(other.id, 'demo-admin', ['vid_public'], LEASE);
    clock += MIN_APPROVAL_LEASE_MS;
    expect(await repo.deny(other.id, 'bob', null, { attempts: 1, removed: ['vid_public'] })).toMatchObject({ ok: true });
    expect(await repo.finishApproval(other.id, 'demo-admin', 1, outcome)).toMatchObject({ ok: false, reason: 'superseded', request: { state: 'denied' } });
    expect((await repo.get(other.id))?.state).toBe('denied');
  });

  it('lets exactly one of a concurrent approve and deny win', async () => {
    const { id } = await submitted('frank');
    const results = await Promise.all([repo.startApproval(id, 'demo-admin', ['vid_public'], LEASE), repo.deny(id, 'bob', 'no')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    // A deny that lost sees the approval running; an approve that lost sees the request denied.
    expect(loser).toMatchObject({ ok: false, reason: results[0].ok ? 'in-flight' : 'state' });
    const { entries } = await repo.audit({ limit: 10, offset: 0 });
    expect(entries.map((e) => e.action).filter((a) => a !== 'submit')).toHaveLength(1);
  });

  it('re-reads after losing the compare-and-set and is refused with the state the winner left', async () => {
    const { id } = await submitted('frank');
    let raced = false;
    // Another admin's deny lands between this approve's read and its write.
    const racing = createAccessRequestRepository({
      now: () => clock,
      documents: {
        ...store.documents,
        async write(name, version, data, entry) {
          if (!raced) {
            raced = true;
            await repo.deny(id, 'bob', null);
          }
          return store.documents.write(name, version, data, entry);
        },
      },
    });
    expect(await racing.startApproval(id, 'demo-admin', ['vid_public'], LEASE)).toMatchObject({
      ok: false,
      reason: 'state',
      request: { state: 'denied', decidedBy: 'bob' },
    });
    expect(raced).toBe(true);
  });

  it('denies with a reason, and answers not-found for an unknown id', async () => {
    const { id } = await submitted('frank');
    expect(await repo.deny(id, 'demo-admin', 'unknown agency')).toMatchObject({
      ok: true,
      request: { state: 'denied', decidedBy: 'demo-admin', denyReason: 'unknown agency' },
    });
    expect(await repo.deny('nope', 'demo-admin', null)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('lists open requests oldest first, then decided ones newest first', async () => {
    const [a, b, c, d] = [await submitted('anna'), await submitted('bert'), await submitted('cleo'), await submitted('dora')];
    await repo.deny(a.id, 'demo-admin', null);
    clock += 1000;
    await repo.deny(c.id, 'demo-admin', null);
    expect((await repo.list()).map((r) => r.username)).toEqual([b.username, d.username, 'cleo', 'anna']);
  });

  it('logs every step with who and when, newest first', async () => {
    const { id } = await submitted('frank');
    await repo.deny(id, 'demo-admin', 'no');
    const { entries, total } = await repo.audit({ limit: 10, offset: 0 });
    expect(total).toBe(2);
    expect(entries).toEqual([
      { at: '2030-01-01T00:00:01.000Z', by: 'demo-admin', action: 'deny', id, username: 'frank', detail: 'no' },
      { at: '2030-01-01T00:00:00.000Z', by: 'request-access form', action: 'submit', id, username: 'frank', detail: null },
    ]);
  });

  it('forgets decided requests after 90 days, never open ones', async () => {
    const old = await submitted('anna');
    await submitted('bert');
    await repo.deny(old.id, 'demo-admin', null);
    clock += 91 * 86_400_000;
    await submitted('cleo');
    expect((await repo.list()).map((r) => r.username)).toEqual(['bert', 'cleo']);
  });
});
