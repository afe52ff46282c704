/**
 * Several overlay instances on one backend: separate processes (fixtures/worker.ts) on one real Redis,
 * and on one SQLite file. Changes show up in the other instance, and CAS has exactly one winner.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../test/harness/redis.ts';
import { startWorker, type Worker } from './fixtures/worker-client.ts';
import { openStore, type Store, type WriteResult } from './index.ts';

let redis: RedisServer;
let dir: string;

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'overlay-multi-'));
});
afterAll(async () => {
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ROUNDS = 20;
const INCREMENTS = 40;

describe.each([
  { kind: 'redis', url: () => redis.url },
  { kind: 'sqlite', url: () => '' },
])('two processes on one $kind', ({ kind, url }) => {
  let workers: Worker[] = [];
  let local: Store;

  beforeAll(async () => {
    workers = await Promise.all([startWorker(url(), dir), startWorker(url(), dir)]);
    local = await openStore({ url: url(), dataDir: dir });
  }, 30_000);
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await local?.close();
  });

  it("sees the other instance's writes within 1 s, both ways", async () => {
    const [worker] = workers as [Worker];
    const name = `${kind}-visible`;
    // Written there, noticed here by polling version() as the overlay does.
    const written = await worker.send<WriteResult<unknown>>({ op: 'write', name, expected: 0, data: { from: 'worker' } });
    expect(written).toEqual({ ok: true, version: 1 });
    const started = performance.now();
    while ((await local.documents.version(name)) < 1 && performance.now() - started < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await local.documents.read(name)).toEqual({ version: 1, data: { from: 'worker' } });

    // Written here, noticed there.
    const waiting = worker.send<{ elapsedMs: number | null }>({ op: 'waitVersion', name, atLeast: 2, timeoutMs: 1000 });
    expect(await local.documents.write(name, 1, { from: 'test' })).toEqual({ ok: true, version: 2 });
    const { elapsedMs } = await waiting;
    expect(elapsedMs).not.toBeNull();
    expect(elapsedMs!).toBeLessThan(1000);
    expect(await worker.send({ op: 'read', name })).toEqual({ version: 2, data: { from: 'test' } });
  });

  it('lets exactly one of two concurrent writes at the same expected version win', async () => {
    const name = `${kind}-race`;
    for (let expected = 0; expected < ROUNDS; expected++) {
      const results = await Promise.all(
        workers.map((worker, i) => worker.send<WriteResult<{ by: number }>>({ op: 'write', name, expected, data: { by: i }, log: { by: i } })),
      );
      const winners = results.filter((result) => result.ok);
      expect(winners).toEqual([{ ok: true, version: expected + 1 }]);
      const loser = results.find((result) => !result.ok);
      expect(loser).toMatchObject({ ok: false, current: { version: expected + 1 } });
    }
    expect(await local.documents.version(name)).toBe(ROUNDS);
    expect((await local.documents.readLog(name, { limit: 0 })).total).toBe(ROUNDS);
  });

  it('loses no update when both processes read-modify-write in a loop', { timeout: 30_000 }, async () => {
    const name = `${kind}-counter`;
    // The worker pauses between read and write, so the two usually collide and retry.
    await Promise.all(workers.map((worker) => worker.send({ op: 'increment', name, times: INCREMENTS })));
    const doc = await local.documents.read<{ count: number }>(name);
    expect(doc).toEqual({ version: 2 * INCREMENTS, data: { count: 2 * INCREMENTS } });
    const log = await local.documents.readLog<{ count: number }>(name, { limit: 1000 });
    expect(log.total).toBe(2 * INCREMENTS);
    expect(log.entries.map((entry) => entry.count)).toEqual(Array.from({ length: 2 * INCREMENTS }, (_, i) => 2 * INCREMENTS - i));
  });
});
