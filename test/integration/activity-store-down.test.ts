/**
 * The activity log is closed by default: while the state store (here Redis) does not answer, no
 * change can be recorded, so none is let through, neither to the editor nor to the overlay's own
 * APIs. Reading still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../harness/redis.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let redis: RedisServer;
let stack: Stack;
beforeAll(async () => {
  redis = await startRedis();
  stack = await startStack({ mode: 'forward-auth-headers-only', env: { STORE_URL: redis.url, REVOCATION_INTERVAL: '0' } });
});
afterAll(async () => {
  await stack?.stop();
  await redis?.stop();
});

const admin = () => ({ ...asForwardAuthUser('demo-admin', ['vid_admin']), Origin: stack.overlay.url, Accept: 'application/json' });
const send = (method: string, path: string) => fetch(`${stack.overlay.url}${path}`, { method, headers: admin(), redirect: 'manual' });

describe('changes while the activity log cannot be written', () => {
  it('refuses a change through the editor and one of the overlay own with 503, before anything is sent on', async () => {
    await redis.stop();
    stack.editor.clearHits();
    for (const [method, path] of [
      ['POST', '/service/restart'],
      ['POST', '/save_yaml'],
      ['PUT', '/_overlay/api/users/alice/groups/vid_public'],
    ] as const) {
      const res = await send(method, path);
      expect([path, res.status]).toEqual([path, 503]);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { title: string }).title).toBe('Changes are paused');
    }
    expect(stack.editor.hits.filter((hit) => hit.method !== 'GET')).toEqual([]);
    expect(stack.overlay.logs.some((line) => line.msg === 'activity log: the store is not answering; changes are refused until it does')).toBe(true);
  });

  it('still lets an admin read', async () => {
    const res = await send('GET', '/get_yaml');
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });
});
