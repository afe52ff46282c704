/**
 * Opt-in: the overlay in directory mode in front of the REAL editor, for what the overlay answers
 * in the editor's place or rewrites (issue 13): the header's /api/status for viewers, the neutral
 * answers (same keys as the editor's own), /watch/<name>, and the editor's CDN URLs.
 * Runs only when MEDIAMTX_EDITOR_PY names a copy of mediamtx_config_editor.py; says so otherwise.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NEUTRAL_ANSWERS } from '../../server/access/neutral-answers.ts';
import type { RunningOverlay } from '../harness/overlay.ts';
import { REAL_EDITOR_ENV, realEditorFile } from '../harness/real-editor.ts';
import { startOverlayOnRealEditor, type RealEditorStack } from '../harness/real-editor-stack.ts';
import { asForwardAuthUser } from '../harness/stack.ts';

const file = realEditorFile();
if (!file) console.info(`test/real-editor/server-answers skipped: set ${REAL_EDITOR_ENV} to a copy of mediamtx_config_editor.py to run it`);

const HLS_PASSWORD = 'real-shared-hls-pass';
/** Enough of a stock mediamtx.yml for the handlers read here: protocols, SRT passphrases, the hlsviewer user. */
const MEDIAMTX_YML = `api: yes
rtsp: yes
rtmp: yes
hls: yes
webrtc: yes
srt: yes
srtPublishPassphrase: publish-secret
authInternalUsers:
  - user: hlsviewer
    pass: ${HLS_PASSWORD}
    ips: []
    permissions:
      - action: read
paths:
  all_others:
`;

describe.skipIf(!file)('the overlay in front of the real editor', () => {
  let stack: RealEditorStack;
  let overlay: RunningOverlay;
  beforeAll(async () => {
    stack = await startOverlayOnRealEditor(file!, inject('ldap'), MEDIAMTX_YML);
    overlay = stack.overlay;
  }, 60_000);
  afterAll(() => stack?.stop());

  const get = (path: string, user: string) => fetch(`${overlay.url}${path}`, { headers: asForwardAuthUser(user) });

  it("gives a viewer the editor's /api/status, which holds {status, color} only", async () => {
    const res = await get('/api/status', 'demo-viewer');
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['color', 'status']);
  });

  it.each([...NEUTRAL_ANSWERS])("answers a viewer's %s neutrally, with the keys of the editor's own answer", async (path, neutral) => {
    const viewer = await get(path, 'demo-viewer');
    expect(await viewer.json()).toEqual(neutral);
    const admin = (await (await get(path, 'demo-admin')).json()) as Record<string, unknown>;
    expect(Object.keys(admin).sort()).toEqual(Object.keys(neutral).sort());
  });

  it('serves its own /watch page, without the shared password', async () => {
    const res = await get('/watch/cam1', 'demo-viewer');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('data-src="/hls-proxy/cam1/index.m3u8?token=');
    expect(page).not.toContain(HLS_PASSWORD);
  });

  it("points the real page's icon font and hls.js at the overlay's copies", async () => {
    for (const user of ['demo-viewer', 'demo-admin']) {
      const page = await (await get('/', user)).text();
      expect(page).not.toMatch(/cdn\.jsdelivr\.net|fonts\.googleapis\.com/);
      const assets = [...new Set(page.match(/\/_overlay\/assets\/[\w-]+\/[\w.-]+/g))].sort();
      expect(assets.map((a) => a.split('/').at(-1)).sort()).toEqual(['hls.min.js', 'material-symbols-outlined.css']);
      for (const asset of assets) expect((await get(asset, user)).status).toBe(200);
    }
  });
});
