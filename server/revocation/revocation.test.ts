/** Live revocation's plumbing: the registry's bounds, single-flight sweeps, sweeps on rule changes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuthDecision } from '../mediamtx-auth/authenticate.ts';
import { createPeopleResolver } from '../mediamtx-auth/people.ts';
import { parseAuthRequest } from '../mediamtx-auth/request.ts';
import { createLdapDirectory } from '../directory/ldap.ts';
import { createFailureThrottle } from '../http/failure-throttle.ts';
import { createLogger } from '../log.ts';
import { createMediamtxApi, type MediamtxApi } from '../mediamtx/api-client.ts';
import { createRulesRepository, type RulesRepository } from '../rules/repository.ts';
import { openStore, type Store } from '../store/index.ts';
import { createRevocation } from './index.ts';
import { createSessionRegistry } from './session-registry.ts';
import { startMediamtxApi, type MediamtxApiDouble } from '../../test/doubles/mediamtx-api/index.ts';
import { ldapSettingsFor } from '../../test/harness/slapd.ts';

const allow = (by: AuthDecision['by'], user = 'alice'): AuthDecision => ({ allow: true, reason: 'test', by, user, rule: null });
const request = (fields: Record<string, unknown>) => parseAuthRequest({ action: 'read', path: 'cam1', protocol: 'hls', id: 'id-1', ...fields });

describe('session registry', () => {
  it('keeps only allowed reads and playbacks of directory people that carry a session id', () => {
    const registry = createSessionRegistry();
    registry.record(request({ id: 'token' }), allow('token'));
    registry.record(request({ id: 'directory', action: 'playback' }), allow('directory'));
    registry.record(request({ id: 'internal', user: 'hlsviewer' }), allow('internal-user', 'hlsviewer'));
    registry.record(request({ id: 'denied' }), { ...allow('directory'), allow: false });
    registry.record(request({ id: 'publish', action: 'publish' }), allow('directory'));
    registry.record(request({ id: null }), allow('directory'));
    expect(registry.size()).toBe(2);
    expect(registry.get('token')).toMatchObject({ user: 'alice', path: 'cam1', protocol: 'hls' });
    expect(registry.get('directory')).toMatchObject({ user: 'alice', path: 'cam1', protocol: 'hls' });
  });

  it('drops the oldest past its capacity and forgets what a sweep has not touched within the TTL', () => {
    let now = 0;
    const registry = createSessionRegistry({ capacity: 3, ttlMs: 1_000, now: () => now });
    for (const id of ['a', 'b', 'c', 'd']) registry.record(request({ id }), allow('token'));
    expect(['a', 'b', 'c', 'd'].map((id) => registry.get(id) !== undefined)).toEqual([false, true, true, true]);
    now = 900;
    registry.touch('c');
    now = 1_500;
    expect(registry.get('b')).toBeUndefined();
    expect(registry.get('c')).toMatchObject({ at: 900 });
    registry.record(request({ id: 'e' }), allow('token'));
    expect(registry.size()).toBe(2); // d expired on the way
  });
});

describe('createRevocation', () => {
  const ldap = inject('ldap');
  let mediamtx: MediamtxApiDouble;
  let store: Store;
  let dir: string;
  let rules: RulesRepository;
  const log = createLogger('silent');
  beforeAll(async () => {
    mediamtx = await startMediamtxApi();
    dir = await mkdtemp(join(tmpdir(), 'revocation-'));
    store = await openStore({ url: null, dataDir: dir });
    rules = await createRulesRepository({
      documents: store.documents,
      policy: { defaultGroups: ['vid_public', 'vid_private'], adminGroups: ['vid_admin'], groupPrefix: 'vid_' },
      log,
    });
  });
  afterAll(async () => {
    await mediamtx.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  function revocation(api: Pick<MediamtxApi, 'listSessions' | 'kickSession'>, intervalMs = 0) {
    const directory = createLdapDirectory(ldapSettingsFor(ldap));
    const people = createPeopleResolver({
      directory,
      policy: { groupPrefix: 'vid_', adminGroups: ['vid_admin'] },
      throttle: createFailureThrottle({ perUser: 5, perIp: 30, windowSeconds: 60 }),
      bindCacheMs: 0,
      graceMs: 0,
    });
    return { revoke: createRevocation({ mediamtx: api, auth: { people, internalUsers: () => [] }, rules, intervalMs, log }), directory };
  }

  it('hears of rule changes made by another instance through polling, and of its own writes', async () => {
    const other = await createRulesRepository({
      documents: store.documents,
      policy: { defaultGroups: ['vid_public'], adminGroups: ['vid_admin'], groupPrefix: 'vid_' },
      log,
    });
    const heard: number[] = [];
    const unsubscribe = rules.onChange((version) => heard.push(version));
    const before = rules.version();
    expect((await other.put({ path: 'elsewhere', groups: ['vid_public'] }, before, 'other instance')).ok).toBe(true);
    await rules.refresh(); // what the poller does every 500 ms
    await rules.refresh(); // unchanged: no second call
    expect((await rules.put({ path: 'elsewhere2', groups: ['vid_public'] }, before + 1, 'test')).ok).toBe(true);
    expect(heard).toEqual([before + 1, before + 2]);
    unsubscribe();
  });

  it('never runs two sweeps at once, and a sweep asked for mid-sweep still happens after it', async () => {
    const real = createMediamtxApi({ baseUrl: mediamtx.url });
    let active = 0;
    let most = 0;
    let lists = 0;
    const counting = {
      kickSession: real.kickSession,
      async listSessions() {
        lists++;
        most = Math.max(most, ++active);
        try {
          await new Promise((r) => setTimeout(r, 50));
          return await real.listSessions();
        } finally {
          active--;
        }
      },
    };
    const { revoke, directory } = revocation(counting);
    const reports = await Promise.all([revoke.sweep(), revoke.sweep(), revoke.sweep(), revoke.sweep()]);
    expect(lists).toBe(2);
    expect(most).toBe(1);
    expect(reports[1]).toBe(reports[3]); // the callers who came mid-sweep share the follow-up
    await directory.close();
  });

  it('sweeps as soon as the rules change, and kicks who lost access', async () => {
    const { revoke, directory } = revocation(createMediamtxApi({ baseUrl: mediamtx.url }), 60_000);
    revoke.start();
    const id = mediamtx.addSession('webrtcsessions', { path: 'cam1', user: '' });
    revoke.record(request({ id, protocol: 'webrtc' }), allow('token', 'demo-viewer'));
    const write = await rules.put({ path: 'cam1', groups: ['vid_private'] }, rules.version(), 'test');
    expect(write.ok).toBe(true);
    // The timed sweep is 60 s away, so a kick within the poll can only come from the rule change.
    await expect.poll(() => mediamtx.kicks.map((k) => k.id), { timeout: 2_000, interval: 20 }).toEqual([id]);
    await revoke.stop();
    await directory.close();
  });

  it('sweeps once for a burst of rule changes, not once per change', async () => {
    const real = createMediamtxApi({ baseUrl: mediamtx.url });
    let lists = 0;
    const counting = {
      kickSession: real.kickSession,
      listSessions: () => {
        lists++;
        return real.listSessions();
      },
    };
    const { revoke, directory } = revocation(counting, 60_000);
    revoke.start();
    for (let i = 0; i < 10; i++) expect((await rules.put({ path: `burst${i}`, groups: ['vid_public'] }, rules.version(), 'test')).ok).toBe(true);
    await expect.poll(() => lists, { timeout: 2_000, interval: 20 }).toBeGreaterThan(0);
    await revoke.stop();
    // One window collects the burst; a machine slow enough to spread it over several still sweeps far less than per write.
    expect(lists).toBeLessThan(10);
    await directory.close();
  });
});
