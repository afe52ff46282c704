/**
 * The activity log end to end (issue 15): changes through the overlay into the stand-in editor and
 * the overlay's own APIs, each recorded with the person who made it, a failed save as failed, the
 * diff of a YAML save with its secrets redacted, and the API's filters, detail, CSV and refusals.
 * Against the Authentik double, so group changes and access decisions really happen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ActivityDetail, ActivityEntry, ActivityPage } from '../../server/contract.ts';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../doubles/authentik/index.ts';
import { goodForm, postRequestForm } from '../harness/request-access.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';
import { SAMPLE_LAYOUT } from '../stand-in-editor/index.ts';

const TOKEN = 'ak-activity-test-token';
const ADMIN = ['demo-admin', ['vid_admin']] as const;
const OTHER_ADMIN = ['bob', ['authentik Admins']] as const;
const YAML_SECRET = 'Yaml-Secret-7f3a9c';
const USER_SECRET = 'Added-User-Secret-51be';
const BAD_SAVE_SECRET = 'Bad-Save-Secret-c0de';

let ak: AuthentikDouble;
let stack: Stack;
beforeAll(async () => {
  ak = await startAuthentikDouble({ token: TOKEN, ...authentikSeed() });
  stack = await startStack({ mode: 'forward-auth-headers-only', env: { AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: TOKEN, REVOCATION_INTERVAL: '0' } });
});
afterAll(async () => {
  await stack?.stop();
  await ak?.stop();
});

type Who = readonly [string, readonly string[]];
const as = ([name, groups]: Who) => ({ ...asForwardAuthUser(name, [...groups]), Origin: stack.overlay.url });

async function editor(who: Who, path: string, body?: URLSearchParams | FormData | object) {
  const init: RequestInit = { method: 'POST', headers: as(who), redirect: 'manual' };
  if (body instanceof URLSearchParams || body instanceof FormData) init.body = body;
  else if (body) Object.assign(init, { body: JSON.stringify(body), headers: { ...as(who), 'Content-Type': 'application/json' } });
  const res = await fetch(`${stack.overlay.url}${path}`, init);
  await res.arrayBuffer();
  return res;
}

async function api<T = any>(who: Who, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.overlay.url}/_overlay/api${path}`, {
    method,
    headers: { ...as(who), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() } as { status: number; headers: Headers; text: string; json?: T };
}
const json = async <T>(who: Who, path: string) => JSON.parse((await api(who, 'GET', path)).text) as T;

/** The newest entry of a route once it is there: editor changes are written after the editor's answer has been relayed. */
async function latest(route: string, user: string = ADMIN[0]): Promise<ActivityEntry> {
  let found: ActivityEntry | undefined;
  await expect
    .poll(async () => {
      found = (await json<ActivityPage>(ADMIN, `/activity?user=${encodeURIComponent(user)}&limit=500`)).entries.find((e) => e.route === route);
      return found;
    })
    .toBeDefined();
  return found!;
}

describe('activity log', () => {
  it('records a YAML save with the person, the editor status and the changed keys, secrets redacted', async () => {
    const config = parse(stack.editor.config) as Record<string, any>;
    config.readTimeout = '20s';
    config.authInternalUsers[1].pass = YAML_SECRET; // hlsviewer's password, inside a list
    config.pathDefaults = { srtPublishPassphrase: YAML_SECRET };
    const res = await editor(ADMIN, '/save_yaml', new URLSearchParams({ yaml_content: stringify(config, SAMPLE_LAYOUT), current_tab: 'advanced' }));
    expect([res.status, res.headers.get('location')]).toEqual([302, '/?message=YAML%20saved%20successfully&message_type=success&tab=advanced']);
    const entry = await latest('/save_yaml');
    expect(entry).toMatchObject({
      user: 'demo-admin',
      role: 'admin',
      kind: 'editor-change',
      method: 'POST',
      status: 302,
      outcome: 'ok',
      summary: 'saved the configuration (YAML editor) (3 keys changed)',
      hasDiff: true,
    });
    const detail = await json<ActivityDetail>(ADMIN, `/activity/${entry.id}`);
    expect(detail.diff).toEqual([
      { key: 'authInternalUsers[1].pass', before: '<redacted>', after: '<redacted>' },
      { key: 'readTimeout', before: null, after: '20s' },
      { key: 'pathDefaults', before: null, after: { srtPublishPassphrase: '<redacted>' } },
    ]);
  });

  it('records a failed save as failed, with no diff and nothing of the refused YAML', async () => {
    const before = stack.editor.config;
    const res = await editor(ADMIN, '/save_yaml', new URLSearchParams({ yaml_content: `authInternalUsers:\n  - pass: "${BAD_SAVE_SECRET}\n  user: [` }));
    expect(res.headers.get('location')).toMatch(/message_type=danger/);
    expect(stack.editor.config).toBe(before);
    await expect.poll(async () => (await latest('/save_yaml')).outcome).toBe('failed');
    expect(await latest('/save_yaml')).toMatchObject({
      status: 302,
      summary: 'could not save the configuration (YAML editor) (no keys changed)',
      hasDiff: false,
    });
  });

  it('records each kind of change with the person who made it', async () => {
    await editor(OTHER_ADMIN, '/service/restart');
    expect(await latest('/service/restart', 'bob')).toMatchObject({
      user: 'bob',
      kind: 'editor-change',
      status: 200,
      outcome: 'ok',
      summary: 'restarted MediaMTX',
    });

    await editor(OTHER_ADMIN, '/api/mediamtx/users/add', { username: 'cam-pub', password: USER_SECRET, permissions: ['publish'] });
    const added = await latest('/api/mediamtx/users/add', 'bob');
    expect(added).toMatchObject({ summary: 'added MediaMTX user cam-pub (1 key changed)', outcome: 'ok' });
    expect((await json<ActivityDetail>(ADMIN, `/activity/${added.id}`)).diff).toEqual([
      { key: 'authInternalUsers[3]', before: null, after: { user: 'cam-pub', pass: '<redacted>', ips: [], permissions: [{ action: 'publish' }] } },
    ]);

    // A small upload (held for replay) and a large one (streamed): name and size only.
    for (const [name, size] of [
      ['clip.ts', 1000],
      ['long flight.ts', 3 * 1024 * 1024],
    ] as const) {
      const form = new FormData();
      form.append('current_tab', 'test');
      form.append('test_file', new Blob([Buffer.alloc(size, 1)]), name);
      expect((await editor(ADMIN, '/api/test/upload', form)).status).toBe(200);
      await expect.poll(async () => (await latest('/api/test/upload')).upload).toEqual({ name, size });
      expect((await latest('/api/test/upload')).summary).toBe(`uploaded test video ${name} (${size} bytes)`);
    }

    expect((await api(ADMIN, 'PUT', '/rules', { path: 'drone1', groups: ['vid_public'] }, { 'If-Match': '"0"' })).status).toBe(200);
    expect(await latest('/_overlay/api/rules')).toMatchObject({
      kind: 'rule-change',
      method: 'PUT',
      status: 200,
      summary: 'set the rule for drone1 to vid_public',
    });

    expect((await postRequestForm(stack.overlay.url, goodForm('newcomer'))).status).toBe(200);
    const { requests } = await json<{ requests: Array<{ id: string; username: string }> }>(ADMIN, '/access-requests');
    const id = requests.find((r) => r.username === 'newcomer')!.id;
    expect((await api(OTHER_ADMIN, 'POST', `/access-requests/${id}/deny`, { reason: 'unknown' })).status).toBe(200);
    expect(await latest(`/_overlay/api/access-requests/${id}/deny`, 'bob')).toMatchObject({
      kind: 'access-decision',
      outcome: 'ok',
      summary: "denied newcomer's access request",
    });

    expect((await api(OTHER_ADMIN, 'PUT', '/users/alice/groups/vid_public')).status).toBe(200);
    expect(await latest('/_overlay/api/users/alice/groups/vid_public', 'bob')).toMatchObject({
      kind: 'group-change',
      method: 'PUT',
      summary: 'added alice to vid_public',
    });

    expect((await api(ADMIN, 'POST', '/mediamtx-settings/apply', { confirm: true })).status).toBe(200);
    const applied = await latest('/_overlay/api/mediamtx-settings/apply');
    expect(applied).toMatchObject({ kind: 'mediamtx-settings', outcome: 'ok', hasDiff: true });
    expect((await json<ActivityDetail>(ADMIN, `/activity/${applied.id}`)).diff).toContainEqual({ key: 'authMethod', before: 'internal', after: 'http' });

    expect((await api(ADMIN, 'POST', '/password-recovery', {})).status).toBe(200);
    const setUp = await latest('/_overlay/api/password-recovery');
    expect(setUp).toMatchObject({ kind: 'directory-setup', outcome: 'ok', hasDiff: false });
    expect(setUp.summary).toMatch(/^set up password recovery in Authentik \(created flow, .+\)$/);
    expect((await api(ADMIN, 'POST', '/password-recovery', {})).status).toBe(200);
    await expect
      .poll(async () => (await latest('/_overlay/api/password-recovery')).summary)
      .toBe('set up password recovery in Authentik (it was in place already)');

    // A refusal of the overlay's own is a failed change too.
    expect((await api(ADMIN, 'PUT', '/rules', { path: 'drone1', groups: ['vid_public'] }, { 'If-Match': '"0"' })).status).toBe(412);
    expect(await latest('/_overlay/api/rules')).toMatchObject({ status: 412, outcome: 'failed', summary: 'could not set the rule for drone1' });

    const kinds = async (query: string) => new Set((await json<ActivityPage>(ADMIN, `/activity?${query}`)).entries.map((e) => `${e.user} ${e.kind}`));
    expect(await kinds('user=bob')).toEqual(new Set(['bob editor-change', 'bob access-decision', 'bob group-change']));
    expect(await kinds('kind=rule-change')).toEqual(new Set(['demo-admin rule-change']));
  });

  it("records a viewer's share link, and one the overlay refused as failed", async () => {
    const VIEWER = ['demo-viewer', ['vid_public']] as const;
    const share = (stream: string) => editor(VIEWER, '/api/share-links/generate', { stream, ttl: '1h' });
    expect((await share('drone1')).status).toBe(200); // drone1 is vid_public since the rule above
    expect(await latest('/api/share-links/generate', 'demo-viewer')).toMatchObject({
      role: 'viewer',
      kind: 'editor-change',
      status: 200,
      outcome: 'ok',
      summary: 'created a share link for drone1',
    });
    // Someone only in vid_ops may not see drone1 (vid_public since the rule above): the overlay refuses, and says so.
    const OPS = ['carol', ['vid_ops']] as const;
    expect((await editor(OPS, '/api/share-links/generate', { stream: 'drone1', ttl: '1h' })).status).toBe(403);
    expect(await latest('/api/share-links/generate', 'carol')).toMatchObject({
      role: 'viewer',
      status: 403,
      outcome: 'failed',
      summary: 'could not create a share link for drone1',
    });
  });

  it('records a change the editor never answered as failed, with no status', async () => {
    // The last test of the file: the editor goes away.
    await stack.editor.stop();
    expect((await editor(OTHER_ADMIN, '/service/stop')).status).toBe(502);
    expect(await latest('/service/stop', 'bob')).toMatchObject({ status: null, outcome: 'failed', summary: 'could not stop MediaMTX' });
  });
});

describe('activity API', () => {
  const VIEWER = ['demo-viewer', ['vid_public']] as const;

  it('is for admins only', async () => {
    for (const path of ['/activity', '/activity.csv', '/activity/abc']) expect((await api(VIEWER, 'GET', path)).status).toBe(403);
  });

  it.each([
    ['?page=2', 'page'],
    ['?limit=501', 'limit'],
    ['?kind=everything', 'kind'],
    ['?since=last%20week', 'since'],
    ['?user=a&user=b', 'user'],
  ])('refuses %s naming %s', async (query, field) => {
    const res = await api(ADMIN, 'GET', `/activity${query}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ field, title: 'Invalid input' });
    expect((await api(ADMIN, 'GET', `/activity.csv${query}`)).status).toBe(query === '?limit=501' ? 200 : 400);
  });

  it('answers 404 for an unknown entry', async () => {
    const res = await api(ADMIN, 'GET', '/activity/0000000000000000000000');
    expect([res.status, JSON.parse(res.text).field]).toEqual([404, 'id']);
  });

  it('exports CSV: a header row, the newest first, as an attachment', async () => {
    const res = await api(ADMIN, 'GET', '/activity.csv?kind=editor-change&user=bob');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="activity-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = res.text.trim().split('\n');
    expect(header).toBe('at,user,role,kind,method,route,status,outcome,summary');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => /^\d{4}-\d{2}-\d{2}T[^,]+,bob,admin,editor-change,POST,/.test(row))).toBe(true);
  });
});
