/** The activity log over a real store: entries, filters, details, the log line, and pruning by age on an injected clock. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempStore } from '../../test/harness/temp-store.ts';
import { createLogger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { createActivityLog, type ActivityRecord } from './activity-log.ts';
import { parseActivityQuery } from './query.ts';

const DAY = 86_400_000;
let store: Store & { remove(): Promise<void> };
beforeAll(async () => {
  store = await openTempStore('activity-log');
});
afterAll(() => store?.remove());

function setUp(retentionDays = 90) {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const clock = { now: Date.parse('2026-03-01T12:00:00Z') };
  const activity = createActivityLog({ events: store.events, log: createLogger('info', sink), retentionMs: retentionDays * DAY, now: () => clock.now });
  return { activity, lines, clock };
}

const change = (user: string, extra: Partial<ActivityRecord> = {}): ActivityRecord => ({
  user,
  role: 'admin',
  kind: 'editor-change',
  method: 'POST',
  route: '/service/restart',
  status: 302,
  outcome: 'ok',
  summary: 'restarted MediaMTX',
  ...extra,
});

describe('activity log', () => {
  it('keeps entries newest first, filters by person (any letter case), kind and time, and gives details with the diff', async () => {
    const { activity, lines, clock } = setUp();
    const first = await activity.record(change('Alice'));
    clock.now += 1_000;
    const second = await activity.record(
      change('bob', { kind: 'rule-change', method: 'PUT', route: '/_overlay/api/rules', status: 200, summary: 'set the rule' }),
    );
    clock.now += 1_000;
    const third = await activity.record(
      change('alice', { route: '/save_yaml', summary: 'saved the configuration (1 key changed)', diff: [{ key: 'logLevel', before: 'info', after: 'debug' }] }),
    );
    expect(first).toMatchObject({ user: 'Alice', at: '2026-03-01T12:00:00.000Z', hasDiff: false });
    expect(third.hasDiff).toBe(true);
    const since = '2026-03-01T12:00:00.500Z';
    const ids = async (query: Parameters<typeof activity.list>[0]) => (await activity.list(query)).entries.map((e) => e.id);
    // The first test: the store holds only these three.
    expect(await ids({ limit: 100, offset: 0 })).toEqual([third.id, second.id, first.id]);
    expect(await ids({ user: 'ALICE', since: Date.parse('2026-03-01T11:59:59Z'), limit: 100, offset: 0 })).toEqual([third.id, first.id]);
    expect(await ids({ kind: 'rule-change', since: Date.parse(since), limit: 100, offset: 0 })).toEqual([second.id]);
    const page = await activity.list({ user: 'alice', since: Date.parse('2026-03-01T11:59:59Z'), limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1, entries: [{ id: first.id }] });
    expect(page.entries[0]).not.toHaveProperty('diff');
    expect(page.entries[0]).not.toHaveProperty('userKey');
    expect(await activity.get(third.id)).toEqual({ ...third, diff: [{ key: 'logLevel', before: 'info', after: 'debug' }] });
    expect(await activity.get(first.id)).toEqual({ ...first, diff: [] });
    // A page reads only the entries: each diff is kept apart, under the same id.
    expect(await store.events.get('activity', third.id)).not.toHaveProperty('diff');
    expect(await store.events.get('activity-diff', third.id)).toEqual([{ key: 'logLevel', before: 'info', after: 'debug' }]);
    expect(await store.events.get('activity-diff', first.id)).toBeNull();
    expect(await activity.get('nope')).toBeNull();
    expect(await activity.get('../../etc')).toBeNull();
    // One JSON line per entry for a log collector, with the same fields and diff.
    const logged = lines.filter((l) => l.msg === 'activity').map((l) => l.activity);
    expect(logged).toEqual([
      { ...first, diff: [] },
      { ...second, diff: [] },
      { ...third, diff: [{ key: 'logLevel', before: 'info', after: 'debug' }] },
    ]);
  });

  it('drops entries past the retention: hidden at once, removed from the store by the pruning', async () => {
    const { activity, clock } = setUp(30);
    const old = await activity.record(change('pruned-person', { diff: [{ key: 'readTimeout', before: '10s', after: '20s' }] }));
    clock.now += 10 * DAY;
    const recent = await activity.record(change('pruned-person'));
    const mine = async () => (await activity.list({ user: 'pruned-person', limit: 100, offset: 0 })).entries.map((e) => e.id);
    expect(await mine()).toEqual([recent.id, old.id]);
    clock.now += 25 * DAY; // old is 35 days old, recent 25
    expect(await mine()).toEqual([recent.id]);
    expect(await activity.get(old.id)).toBeNull();
    // Still stored until the pruning runs; then gone from the store itself.
    expect(await store.events.get('activity', old.id)).not.toBeNull();
    expect(await activity.prune()).toBeGreaterThanOrEqual(1);
    expect(await store.events.get('activity', old.id)).toBeNull();
    expect(await store.events.get('activity-diff', old.id)).toBeNull();
    expect(await store.events.get('activity', recent.id)).not.toBeNull();
  });

  it('prunes in the background on a timer that never keeps the process alive', async () => {
    const { activity, clock } = setUp(1);
    const entry = await activity.record(change('timer-person'));
    clock.now += 2 * DAY;
    activity.start(); // prunes once at start
    await expect.poll(() => store.events.get('activity', entry.id)).toBeNull();
    activity.stop();
  });
});

describe('activity query', () => {
  const parse = (query: Record<string, string | string[]>, purpose: 'page' | 'export' = 'page') =>
    parseActivityQuery(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])), purpose);
  const field = (query: Record<string, string | string[]>, purpose: 'page' | 'export' = 'page') => {
    try {
      parse(query, purpose);
      return null;
    } catch (error) {
      return { status: (error as { status: number }).status, field: (error as { details: { field: string } }).details.field };
    }
  };

  it('has defaults, and reads each filter', () => {
    expect(parse({})).toEqual({ limit: 100, offset: 0 });
    expect(parse({}, 'export')).toEqual({ limit: 10_000, offset: 0 });
    expect(parse({ user: 'alice', kind: 'rule-change', since: '2026-01-31T10:00:00+01:00', limit: '500', offset: '5' })).toEqual({
      user: 'alice',
      kind: 'rule-change',
      since: Date.parse('2026-01-31T09:00:00Z'),
      limit: 500,
      offset: 5,
    });
    expect(parse({ since: '2026-01-31' }).since).toBe(Date.parse('2026-01-31T00:00:00Z'));
  });

  it.each([
    [{ limit: '501' }, 'limit'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '-1' }, 'limit'],
    [{ limit: '10.5' }, 'limit'],
    [{ offset: 'x' }, 'offset'],
    [{ kind: 'everything' }, 'kind'],
    [{ since: 'yesterday' }, 'since'],
    [{ since: '2026-01-31T10:00:00' }, 'since'],
    [{ since: '2026-02-30' }, 'since'],
    [{ user: '' }, 'user'],
    [{ page: '2' }, 'page'],
    [{ user: ['a', 'b'] }, 'user'],
  ])('refuses %j naming %s', (query, name) => expect(field(query)).toEqual({ status: 400, field: name }));

  it('lets the export go to 10,000 rows, not more', () => {
    expect(parse({ limit: '10000' }, 'export').limit).toBe(10_000);
    expect(field({ limit: '10001' }, 'export')).toEqual({ status: 400, field: 'limit' });
  });
});
