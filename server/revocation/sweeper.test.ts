/** The sweeper against the MediaMTX API double and real slapd servers: no mocks. */
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { Attribute, Change, Client } from 'ldapts';
import type { AuthDecision } from '../mediamtx-auth/authenticate.ts';
import { createPeopleResolver, type PeopleResolver } from '../mediamtx-auth/people.ts';
import { parseAuthRequest } from '../mediamtx-auth/request.ts';
import { createLdapDirectory, type LdapDirectory } from '../directory/ldap.ts';
import { createFailureThrottle } from '../http/failure-throttle.ts';
import { createLogger } from '../log.ts';
import { createMediamtxApi, MediamtxApiError } from '../mediamtx/api-client.ts';
import { compileInternalUsers } from '../mediamtx/internal-users/index.ts';
import { compileRules, type CompiledRules } from '../rules/compile.ts';
import type { Rule, RulePolicy } from '../rules/types.ts';
import { createSessionRegistry, type SessionRegistry } from './session-registry.ts';
import { createSweeper } from './sweeper.ts';
import { startMediamtxApi, type MediamtxApiDouble, type SessionKind } from '../../test/doubles/mediamtx-api/index.ts';
import { ldapSettingsFor, startSlapd, type Slapd } from '../../test/harness/slapd.ts';
import { groupDN, userDN } from '../../test/harness/seed.ts';

const shared = inject('ldap');
const policy: RulePolicy = { defaultGroups: ['vid_public', 'vid_private'], adminGroups: ['vid_admin', 'authentik Admins'], groupPrefix: 'vid_' };
const rule = (path: string, ...groups: string[]): Rule => ({ path, groups, updatedBy: 'test', updatedAt: '2025-01-01T00:00:00.000Z' });

// The stock installer's internal users: `any` from localhost, hlsviewer, anonymous teststream.
const INTERNAL = compileInternalUsers([
  { user: 'any', pass: '', ips: ['127.0.0.1', '::1'], permissions: [{ action: 'read' }, { action: 'publish' }, { action: 'api' }] },
  { user: 'hlsviewer', pass: 'hlsviewer-pass', ips: [], permissions: [{ action: 'read' }] },
  { user: 'any', pass: '', ips: [], permissions: [{ action: 'read', path: 'teststream' }] },
]).users;

interface Setup {
  mediamtx: MediamtxApiDouble;
  directory: LdapDirectory;
  people: PeopleResolver;
  registry: SessionRegistry;
  logs: Array<Record<string, unknown>>;
  setRules(rules: Rule[]): void;
  /** Adds a session to the double and, like an allowed auth request with its id would, to the registry. */
  allowed(kind: SessionKind, user: string, path: string, by?: AuthDecision['by']): string;
  sweep(): ReturnType<ReturnType<typeof createSweeper>['sweep']>;
}

const opened: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of opened.reverse()) await close();
});

async function setup(ldap: { url: string; baseDN: string; serviceDN: string; servicePassword: string } = shared, graceMs = 0): Promise<Setup> {
  const mediamtx = await startMediamtxApi();
  const directory = createLdapDirectory(ldapSettingsFor(ldap, { adminGroups: policy.adminGroups }));
  opened.push(
    () => mediamtx.stop(),
    () => directory.close(),
  );
  const people = createPeopleResolver({
    directory,
    policy,
    throttle: createFailureThrottle({ perUser: 5, perIp: 30, windowSeconds: 900 }),
    bindCacheMs: 60_000,
    graceMs,
  });
  const registry = createSessionRegistry();
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger(
    'info',
    new Writable({
      write(chunk, _e, done) {
        String(chunk)
          .split('\n')
          .filter(Boolean)
          .forEach((l) => logs.push(JSON.parse(l)));
        done();
      },
    }),
  );
  let rules: CompiledRules = compileRules([], policy);
  const sweeper = createSweeper({
    mediamtx: createMediamtxApi({ baseUrl: mediamtx.url }),
    registry,
    people,
    rules: () => rules,
    internalUsers: () => INTERNAL,
    log,
  });
  return {
    mediamtx,
    directory,
    people,
    registry,
    logs,
    setRules: (list) => {
      rules = compileRules(list, policy);
    },
    allowed(kind, user, path, by = 'directory') {
      const id = mediamtx.addSession(kind, { path, user: by === 'directory' ? user : '', remoteAddr: '10.0.0.5:40000' });
      const request = parseAuthRequest({ ip: '10.0.0.5', user, action: 'read', path, protocol: 'rtsp', id });
      registry.record(request, { allow: true, reason: 'test', by, user, rule: null });
      return id;
    },
    sweep: () => sweeper.sweep(),
  };
}

const kickedIds = (mediamtx: MediamtxApiDouble) => new Set(mediamtx.kicks.map((k) => k.id));

describe('sweep', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterEach(() => {
    s.mediamtx.kicks.length = 0;
  });

  it('kicks exactly the reading sessions the current rules deny their person, across kinds', async () => {
    const alice = [s.allowed('hlssessions', 'alice', 'cam1', 'token'), s.allowed('rtspsessions', 'alice', 'cam1')];
    const viewer = [s.allowed('webrtcsessions', 'demo-viewer', 'cam1', 'token'), s.allowed('srtconns', 'demo-viewer', 'cam1')];
    const viewerElsewhere = s.allowed('rtmpconns', 'demo-viewer', 'drone1');
    // Not ours to kick: an internal user, an anonymous reader, a publisher, a name nobody in the directory has.
    const hlsviewer = s.mediamtx.addSession('hlssessions', { path: 'cam1', user: 'hlsviewer', remoteAddr: '10.0.0.6:1' });
    const anonymous = s.mediamtx.addSession('rtspsessions', { path: 'cam1', remoteAddr: '10.0.0.7:1' });
    const publisher = s.mediamtx.addSession('rtspsessions', { path: 'cam1', user: 'demo-viewer', state: 'publish', remoteAddr: '10.0.0.8:1' });
    const ghost = s.mediamtx.addSession('rtspsessions', { path: 'cam1', user: 'ghost', remoteAddr: '10.0.0.9:1' });
    // Not seen in an auth request (e.g. before a restart): judged by its own user field.
    const unregistered = s.mediamtx.addSession('rtmpconns', { path: 'cam1', user: 'demo-viewer', remoteAddr: '10.0.0.10:1' });
    // ... unless MediaMTX's `any`-from-localhost internal user could have let it in.
    const local = s.mediamtx.addSession('rtmpconns', { path: 'cam1', user: 'demo-viewer', remoteAddr: '127.0.0.1:1' });

    expect((await s.sweep()).kicked).toEqual([]); // the default groups let everyone see everything

    s.setRules([rule('cam1', 'vid_private')]);
    const report = await s.sweep();
    expect(kickedIds(s.mediamtx)).toEqual(new Set([...viewer, unregistered]));
    expect(report.kicked.find((k) => k.id === viewer[0])).toMatchObject({
      kind: 'webrtcsessions',
      user: 'demo-viewer',
      path: 'cam1',
      via: 'auth-request',
      reason: expect.stringContaining('cam1'),
    });
    expect(report.kicked.find((k) => k.id === unregistered)).toMatchObject({ via: 'session-user' });
    const alive = [...alice, viewerElsewhere, hlsviewer, anonymous, publisher, ghost, local];
    for (const id of alive) expect(Object.values(s.mediamtx.sessions).some((m) => m.has(id))).toBe(true);
    expect(
      s.logs
        .filter((l) => l.msg === 'live revocation: access withdrawn, session kicked')
        .map((l) => l.id)
        .sort(),
    ).toEqual([...viewer, unregistered].sort());

    // Kicked sessions are gone from the registry; a second sweep finds nothing more to do.
    expect(s.registry.get(viewer[0]!)).toBeUndefined();
    expect((await s.sweep()).kicked).toEqual([]);
  });

  it('kicks a person the directory no longer has or has disabled, when we let them in', async () => {
    s.setRules([]);
    const gone = s.allowed('rtspsessions', 'left-the-company', 'cam1', 'token');
    const disabled = s.allowed('hlssessions', 'dave', 'cam1', 'token');
    const report = await s.sweep();
    expect(kickedIds(s.mediamtx)).toEqual(new Set([gone, disabled]));
    expect(report.kicked.map((k) => k.reason).sort()).toEqual(['disabled in the directory', 'no longer in the directory']);
  });

  it('lists every kind the server has and refuses an API with none of them', async () => {
    const api = createMediamtxApi({ baseUrl: s.mediamtx.url });
    for (const kind of ['hlssessions', 'rtspsessions', 'rtspssessions', 'webrtcsessions', 'rtmpconns', 'srtconns'] as const)
      s.mediamtx.addSession(kind, { path: 'other' });
    const sessions = await api.listSessions(); // the double has no rtmpsconns or moqsessions: 404, skipped
    expect(new Set(sessions.map((x) => x.kind))).toEqual(new Set(['hlssessions', 'rtspsessions', 'rtspssessions', 'webrtcsessions', 'rtmpconns', 'srtconns']));
    expect(sessions.find((x) => x.kind === 'hlssessions')).toMatchObject({ state: null });
    expect(await api.kickSession('rtspsessions', 'not-a-session')).toBe('gone');
    const wrongUrl = createMediamtxApi({ baseUrl: `${s.mediamtx.url}/not-mediamtx` });
    await expect(wrongUrl.listSessions()).rejects.toThrow(MediamtxApiError);
  });
});

describe('group changes made in the directory', () => {
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd({ writable: true });
  });
  afterAll(async () => {
    await slapd?.stop();
  });

  async function asRoot(fn: (client: Client) => Promise<void>) {
    const client = new Client({ url: slapd.url });
    try {
      await client.bind(slapd.rootDN, slapd.rootPassword);
      await fn(client);
    } finally {
      await client.unbind();
    }
  }

  it('are seen at the next sweep despite the cache, and outdate cached binds for reconnects', async () => {
    const s = await setup(slapd);
    s.setRules([rule('cam1', 'vid_private')]);
    const alice = s.allowed('rtspsessions', 'alice', 'cam1');
    const before = await s.people.checkCredentials('alice', 'alice-pass', '10.0.0.5');
    expect(before).toMatchObject({ kind: 'person', person: { groups: ['vid_private'] } });
    expect(await s.directory.findUser('alice')).toMatchObject({ groups: ['vid_private'] }); // now cached for 60 s
    expect((await s.sweep()).kicked).toEqual([]);

    const members = new Attribute({ type: 'member', values: [userDN(slapd.baseDN, 'demo-admin')] });
    await asRoot((c) => c.modify(groupDN(slapd.baseDN, 'vid_private'), new Change({ operation: 'replace', modification: members })));
    const report = await s.sweep();
    expect(report.kicked).toEqual([expect.objectContaining({ id: alice, user: 'alice', kind: 'rtspsessions' })]);
    // The reconnect's credentials were cached with the old groups; the sweep's answer wins.
    expect(await s.people.checkCredentials('alice', 'alice-pass', '10.0.0.5')).toMatchObject({ kind: 'person', person: { groups: [] } });
  });

  it('leave sessions alone while the directory cannot answer, and say so', async () => {
    const own = await startSlapd();
    const s = await setup(own);
    s.setRules([rule('cam1', 'vid_private')]);
    const viewer = s.allowed('webrtcsessions', 'demo-viewer', 'cam1');
    await own.stop();
    const report = await s.sweep();
    expect(report.kicked).toEqual([]);
    expect(report.skipped).toEqual([{ user: 'demo-viewer', reason: expect.stringContaining(own.url) }]);
    expect(s.mediamtx.sessions.webrtcsessions.has(viewer)).toBe(true);
    expect(s.logs.some((l) => l.level === 40 && String(l.msg).includes('directory unavailable'))).toBe(true);
  });

  it('apply a rule change during an outage with what the auth endpoint would still use (DIRECTORY_GRACE)', async () => {
    const own = await startSlapd();
    const s = await setup(own, 600_000);
    const viewer = s.allowed('srtconns', 'demo-viewer', 'cam1');
    const alice = s.allowed('srtconns', 'alice', 'cam1');
    expect((await s.sweep()).kicked).toEqual([]); // learns both people's groups
    await own.stop();
    s.setRules([rule('cam1', 'vid_private')]);
    const report = await s.sweep();
    expect(report.kicked.map((k) => k.id)).toEqual([viewer]);
    expect(s.mediamtx.sessions.srtconns.has(alice)).toBe(true);
  });
});

describe('directory lookups of a sweep', () => {
  it('ask about each person once, at most lookupConcurrency at a time', async () => {
    const s = await setup();
    const names = Array.from({ length: 12 }, (_, i) => `visitor-${i}`);
    for (const name of names) s.allowed('rtspsessions', name, 'cam1');
    s.allowed('hlssessions', 'VISITOR-0', 'cam2'); // the same person, as another client spelt them
    const asked: string[] = [];
    let inFlight = 0;
    let most = 0;
    const people = {
      async refresh(name: string) {
        asked.push(name);
        most = Math.max(most, ++inFlight);
        try {
          return await s.people.refresh(name);
        } finally {
          inFlight--;
        }
      },
    };
    const sweeper = createSweeper({
      mediamtx: createMediamtxApi({ baseUrl: s.mediamtx.url }),
      registry: s.registry,
      people,
      rules: () => compileRules([], policy),
      internalUsers: () => INTERNAL,
      log: createLogger('silent'),
      lookupConcurrency: 3,
    });
    await sweeper.sweep();
    expect(asked.map((n) => n.toLowerCase()).sort()).toEqual([...names].sort());
    expect(most).toBe(3);
  });
});
