/**
 * Opt-in: the activity log (issue 15) in front of the REAL editor, which the stand-in's YAML save
 * and MediaMTX user routes stand for: what the editor answers to a good and a bad save (a redirect
 * either way; the bad one's says `message_type=danger` and quotes the parser), what its
 * `/get_yaml` serves for the before/after diff, and its MediaMTX user routes, which edit the file
 * as text. Each change is recorded under the admin's name with the right outcome, and no password
 * of the saved files reaches an answer of the activity API or a log line.
 * Runs only when MEDIAMTX_EDITOR_PY names a copy of mediamtx_config_editor.py; says so otherwise.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ActivityDetail, ActivityEntry, ActivityPage } from '../../server/contract.ts';
import type { RunningOverlay } from '../harness/overlay.ts';
import { REAL_EDITOR_ENV, realEditorFile } from '../harness/real-editor.ts';
import { startOverlayOnRealEditor, type RealEditorStack } from '../harness/real-editor-stack.ts';
import { asForwardAuthUser } from '../harness/stack.ts';

const file = realEditorFile();
if (!file) console.info(`test/real-editor/activity-log skipped: set ${REAL_EDITOR_ENV} to a copy of mediamtx_config_editor.py to run it`);

const HLS_PASSWORD = 'real-activity-hls-pass-3e1f';
const NEW_PASSWORD = 'real-activity-new-pass-77c2';
const BROKEN_PASSWORD = 'real-activity-broken-pass-d41a';
const ADDED_PASSWORD = 'real-activity-added-pass-90b5';
const SECRETS = [HLS_PASSWORD, NEW_PASSWORD, BROKEN_PASSWORD, ADDED_PASSWORD];

/**
 * Laid out like MediaMTX's sample file (list items at the key's column, the users just above
 * authHTTPAddress): the editor adds a user by inserting text above that line, which only parses
 * in that layout (an indented list comes out broken, and the entry then says it has no diff).
 */
const configWith = (hlsPassword: string, readTimeout = '10s') => `api: yes
readTimeout: ${readTimeout}
hls: yes
authInternalUsers:
- user: hlsviewer
  pass: ${hlsPassword}
  ips: []
  permissions:
  - action: read
authHTTPAddress:
paths:
  all_others:
`;

describe.skipIf(!file)('the activity log in front of the real editor', () => {
  let stack: RealEditorStack;
  let overlay: RunningOverlay;
  beforeAll(async () => {
    stack = await startOverlayOnRealEditor(file!, inject('ldap'), configWith(HLS_PASSWORD));
    overlay = stack.overlay;
  }, 60_000);
  afterAll(() => stack?.stop());

  const admin = () => ({ ...asForwardAuthUser('demo-admin'), Origin: overlay.url });
  const post = (path: string, body: URLSearchParams | object) =>
    fetch(`${overlay.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: body instanceof URLSearchParams ? admin() : { ...admin(), 'Content-Type': 'application/json' },
      body: body instanceof URLSearchParams ? body : JSON.stringify(body),
    });
  const read = async (path: string) => (await fetch(`${overlay.url}/_overlay/api${path}`, { headers: admin() })).text();
  /** The newest entry once there are `count`: an entry is written after the editor's answer has been relayed. */
  async function newest(count: number): Promise<ActivityEntry> {
    let page: ActivityPage | undefined;
    await expect.poll(async () => (page = JSON.parse(await read('/activity')) as ActivityPage).total).toBe(count);
    return page!.entries[0]!;
  }
  const diffOf = async (entry: ActivityEntry) => (JSON.parse(await read(`/activity/${entry.id}`)) as ActivityDetail).diff;

  it('records a good YAML save as done, with the changed keys and the password redacted', async () => {
    const res = await post('/save_yaml', new URLSearchParams({ yaml_content: configWith(NEW_PASSWORD, '20s'), current_tab: 'advanced' }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain('message_type=success');
    const entry = await newest(1);
    expect(entry).toMatchObject({ user: 'demo-admin', kind: 'editor-change', route: '/save_yaml', status: 302, outcome: 'ok' });
    expect(entry.summary).toBe('saved the configuration (YAML editor) (2 keys changed)');
    expect(await diffOf(entry)).toEqual([
      { key: 'readTimeout', before: '10s', after: '20s' },
      { key: 'authInternalUsers[0].pass', before: '<redacted>', after: '<redacted>' },
    ]);
  });

  it('records a save the editor refused as failed: its redirect quotes the parser, the entry does not', async () => {
    const broken = `${configWith(BROKEN_PASSWORD)}  bad: [unclosed\n`;
    const res = await post('/save_yaml', new URLSearchParams({ yaml_content: broken, current_tab: 'advanced' }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain('message_type=danger');
    const entry = await newest(2);
    expect(entry).toMatchObject({
      route: '/save_yaml',
      status: 302,
      outcome: 'failed',
      summary: 'could not save the configuration (YAML editor) (no keys changed)',
    });
  });

  it('records MediaMTX user changes, which the editor makes by editing the file as text', async () => {
    const added = await post('/api/mediamtx/users/add', { username: 'ops-camera', password: ADDED_PASSWORD, permissions: ['publish'], groupName: '' });
    expect(added.status).toBe(200);
    const add = await newest(3);
    expect(add).toMatchObject({ route: '/api/mediamtx/users/add', status: 200, outcome: 'ok', summary: 'added MediaMTX user ops-camera (1 key changed)' });
    expect(await diffOf(add)).toEqual([
      { key: 'authInternalUsers[1]', before: null, after: { user: 'ops-camera', pass: '<redacted>', ips: [], permissions: [{ action: 'publish' }] } },
    ]);

    const again = await post('/api/mediamtx/users/add', { username: 'ops-camera', password: ADDED_PASSWORD, permissions: ['publish'] });
    expect(again.status).toBe(400);
    expect(await newest(4)).toMatchObject({ status: 400, outcome: 'failed', summary: 'could not add MediaMTX user ops-camera (no keys changed)' });

    expect((await post('/api/mediamtx/users/revoke', { username: 'ops-camera' })).status).toBe(200);
    expect(await newest(5)).toMatchObject({ outcome: 'ok', summary: 'removed MediaMTX user ops-camera (1 key changed)' });
  });

  it('leaves no password of any saved file in the API answers or the logs', async () => {
    const page = JSON.parse(await read('/activity')) as ActivityPage;
    const answers = [JSON.stringify(page), await read('/activity.csv'), ...(await Promise.all(page.entries.map((e) => read(`/activity/${e.id}`))))];
    const logs = overlay.logs.map((line) => JSON.stringify(line));
    expect(overlay.logs.filter((line) => line.msg === 'activity')).toHaveLength(page.total);
    for (const secret of SECRETS) {
      expect(answers.join('\n')).not.toContain(secret);
      expect(logs.join('\n')).not.toContain(secret);
    }
  });
});
