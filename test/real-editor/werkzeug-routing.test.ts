/**
 * Opt-in: holds the real editor to the routing facts our stand-in reproduces (werkzeug-cases.ts).
 * Runs only when MEDIAMTX_EDITOR_PY names a copy of mediamtx_config_editor.py; says so otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../harness/raw-http.ts';
import { REAL_EDITOR_ENV, realEditorFile, startRealEditor, type RealEditor } from '../harness/real-editor.ts';
import { WERKZEUG_CASES } from '../stand-in-editor/werkzeug-cases.ts';

const file = realEditorFile();
if (!file) console.info(`test/real-editor skipped: set ${REAL_EDITOR_ENV} to a copy of mediamtx_config_editor.py to run it`);

describe.skipIf(!file)('the real editor routes tricky targets as our stand-in assumes', () => {
  let editor: RealEditor;
  let viewerCookie: string;
  beforeAll(async () => {
    editor = await startRealEditor(file!, [
      { username: 'admin', password: 'admin-pass', role: 'admin' },
      { username: 'viewer', password: 'viewer-pass', role: 'viewer' },
    ]);
    const login = await fetch(`${editor.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ username: 'viewer', password: 'viewer-pass' }),
    });
    viewerCookie = login.headers.get('set-cookie')!.split(';')[0]!;
  }, 30_000);
  afterAll(() => editor?.stop());

  it.each(WERKZEUG_CASES.map((c) => [c.target, c] as const))('%s', async (_, { target, real }) => {
    const res = await rawRequest(editor.url, target, { headers: { cookie: viewerCookie } });
    expect(res.status).toBe(real.status);
    if (real.body) expect(res.body).toMatch(real.body);
    if (real.location) expect(String(res.headers.location)).toContain(real.location);
  });
});
