/**
 * At start, with AUTHENTIK_URL and AUTHENTIK_TOKEN, the overlay makes sure the default stream
 * groups exist in Authentik (its double): created on the first start only, and an Authentik that
 * is down costs a warning, never the start.
 */
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthentikDouble, type AuthentikDouble } from '../doubles/authentik/index.ts';
import { startOverlay, type RunningOverlay } from '../harness/overlay.ts';
import { SERVICE_ACCOUNTS_ENV } from '../harness/stack.ts';

const TOKEN = 'ak-start-token';
const ENV = {
  ...SERVICE_ACCOUNTS_ENV,
  // Nothing here serves MediaMTX's API: no sweeps.
  REVOCATION_INTERVAL: '0',
};

let ak: AuthentikDouble;
beforeAll(async () => {
  ak = await startAuthentikDouble({
    token: TOKEN,
    users: [],
    groups: [
      { name: 'vid_public', members: [] },
      { name: 'authentik Admins', members: [] },
    ],
  });
});
afterAll(() => ak?.stop());

// /healthz probes Authentik too; only the group API matters here.
const groupCalls = () => ak.calls.filter((c) => c.path === '/api/v3/core/groups/');
const groupCreations = () => groupCalls().filter((c) => c.method === 'POST');

/** One start and stop of the overlay; resolves to what its default-groups step logged. */
async function startOnce(env: Record<string, string>): Promise<{ result: unknown; logs: RunningOverlay['logs']; health: number }> {
  const overlay = await startOverlay({ ...ENV, ...env });
  try {
    const result = await overlay.services!.defaultGroups;
    const health = (await fetch(`${overlay.url}/healthz`)).status;
    return { result, logs: overlay.logs, health };
  } finally {
    await overlay.stop();
  }
}

describe('default groups at start', () => {
  it('creates the missing ones on the first start, and logs what it created', async () => {
    const { result, logs } = await startOnce({ AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: TOKEN });
    expect(result).toEqual({ created: ['vid_private', 'vid_admin'] });
    expect(groupCreations().map((c) => c.body)).toEqual([
      { name: 'vid_private', is_superuser: false },
      { name: 'vid_admin', is_superuser: false },
    ]);
    expect(ak.model.groupNamed('authentik Admins')).toBeTruthy();
    expect(logs.find((l) => l.msg === 'created default groups in Authentik: vid_private, vid_admin')).toMatchObject({
      level: 30,
      created: ['vid_private', 'vid_admin'],
    });
  });

  it('creates nothing on the next start', async () => {
    const before = groupCalls().length;
    const { result, logs } = await startOnce({ AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: TOKEN });
    expect(result).toEqual({ created: [] });
    const calls = groupCalls().slice(before);
    expect(calls.map((c) => `${c.method} ${c.query.name}`).sort()).toEqual(['GET vid_admin', 'GET vid_private', 'GET vid_public']);
    expect(groupCreations()).toHaveLength(2);
    expect(logs.some((l) => l.msg === 'default groups present in Authentik')).toBe(true);
  });

  it('starts anyway, with a warning, when Authentik is down', async () => {
    const down = `http://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    const { result, logs, health } = await startOnce({ AUTHENTIK_URL: down, AUTHENTIK_TOKEN: TOKEN });
    expect(result).toMatchObject({ failed: expect.stringContaining('could not be reached') });
    expect([200, 503]).toContain(health); // up and answering (degraded: Authentik is down)
    const warning = logs.find((l) => l.level === 40);
    expect(warning).toMatchObject({ groups: ['vid_public', 'vid_private', 'vid_admin'], msg: expect.stringContaining('the next start tries again') });
  });

  it('does nothing without an Authentik token', async () => {
    const before = groupCalls().length;
    expect((await startOnce({ AUTHENTIK_URL: ak.url })).result).toBeNull();
    expect(groupCalls().length).toBe(before);
  });
});
