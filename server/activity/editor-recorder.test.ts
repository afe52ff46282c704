/**
 * The editor recorder on its own (app.request, an editor of a few lines): what it says when two
 * admins' YAML saves come close together, and that reading the configuration never holds up the
 * editor's answer for longer than its own short wait.
 */
import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OverlayEnv } from '../http/env.ts';
import { createLogger } from '../log.ts';
import type { ActivityLog, ActivityRecord } from './activity-log.ts';
import { BEFORE_READ_WAIT_MS, recordEditorChanges } from './editor-recorder.ts';

const silent = createLogger('silent', new Writable({ write: (_chunk, _encoding, done) => done() }));

function setUp(readConfig: () => Promise<unknown>) {
  const records: ActivityRecord[] = [];
  const activity = { record: async (record: ActivityRecord) => void records.push(record) } as unknown as ActivityLog;
  let config: Record<string, unknown> = { logLevel: 'info' };
  const app = new Hono<OverlayEnv>();
  app.use('*', async (c, next) => {
    c.set('path', decodeURIComponent(new URL(c.req.url).pathname));
    c.set('user', { username: c.req.header('x-user')!, name: '', groups: ['vid_admin'], role: 'admin' });
    c.set('requestBody', null);
    await next();
  });
  app.use('*', recordEditorChanges({ activity, readConfig, ensureRecordable: async () => {}, log: silent }));
  // The editor: each save sets the keys it is sent.
  app.post('/save_yaml', async (c) => {
    config = { ...config, ...JSON.parse(c.req.header('x-set')!) };
    c.set('editorAnswer', { status: 302, location: '/?message_type=success' });
    return c.text('saved', 302);
  });
  const save = (user: string, set: Record<string, unknown>) =>
    app.request('/save_yaml', { method: 'POST', headers: { 'x-user': user, 'x-set': JSON.stringify(set) } }, { incoming: { method: 'POST', headers: {} } });
  return { app, save, records, current: () => config };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('editor recorder', () => {
  it("says so when another admin's save came while it read the configuration after a save (the diff may hold both)", async () => {
    let holdAfterRead: ((config: unknown) => void) | null = null;
    let reads = 0;
    let current: () => Record<string, unknown> = () => ({});
    const {
      save,
      records,
      current: config,
    } = setUp(() => {
      reads += 1;
      // Alice's read after her save (the second read) is slow: Bob saves meanwhile.
      if (reads === 2) return new Promise((resolve) => (holdAfterRead = resolve));
      return Promise.resolve(structuredClone(current()));
    });
    current = config;
    const alice = save('alice', { logLevel: 'debug' });
    await vi.waitFor(() => expect(holdAfterRead).not.toBeNull());
    await save('bob', { readTimeout: '20s' });
    holdAfterRead!(structuredClone(config()));
    await alice;
    await vi.waitFor(() => expect(records).toHaveLength(2));
    const alices = records.find((r) => r.user === 'alice')!;
    expect(alices.diff!.map((line) => line.key)).toEqual(['logLevel', 'readTimeout']);
    expect(alices.summary).toMatch(/another change was made at the same time/);
    expect(records.find((r) => r.user === 'bob')!.summary).toBe('saved the configuration (YAML editor) (1 key changed)');
  });

  it('keeps a route as one line of visible text: control and format characters percent-encoded as on the wire, the length cut', async () => {
    const { app, records } = setUp(async () => ({}));
    const raw = '/api/test/delete/a%1B%5B2Jb%0D%0Ac%E2%80%AEd';
    await app.request(raw, { method: 'POST', headers: { 'x-user': 'alice' } }, { incoming: { method: 'POST', headers: {} } });
    await app.request(`/x/${'y'.repeat(500)}`, { method: 'POST', headers: { 'x-user': 'alice' } }, { incoming: { method: 'POST', headers: {} } });
    await vi.waitFor(() => expect(records).toHaveLength(2));
    expect(records[0]!.route).toBe('/api/test/delete/a%1B[2Jb%0D%0Ac%E2%80%AEd');
    expect(records[1]!.route.length).toBeLessThanOrEqual(200);
  });

  it('forwards the save after a short wait when the configuration cannot be read in time, and records it without a diff', async () => {
    vi.useFakeTimers();
    const { save, records, current } = setUp(() => new Promise(() => {}));
    const answer = save('alice', { logLevel: 'debug' });
    await vi.advanceTimersByTimeAsync(BEFORE_READ_WAIT_MS);
    expect((await answer).status).toBe(302);
    expect(current().logLevel).toBe('debug');
    await vi.advanceTimersByTimeAsync(BEFORE_READ_WAIT_MS);
    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]).toMatchObject({ outcome: 'ok', diff: [] });
    expect(records[0]!.summary).toMatch(/could not be read/);
  });
});
