/**
 * The browser journeys' stack: the overlay (IDENTITY=ldap-login, DIRECTORY_WRITE=ldap) on a private
 * writable slapd, the MediaMTX API double, and in front of them either our stand-in editor (CI)
 * or the real editor 2.0.8 when MEDIAMTX_EDITOR_PY names a copy of it (`npm run test:real-editor`).
 * The real editor calls the MediaMTX API at a hard-coded address (localhost:9997 in 2.0.8), so the
 * double listens on that port; when it is taken the real-editor run is skipped and says why.
 */
import { createServer } from 'node:net';
import { startMediamtxApi, type MediamtxApiDouble } from '../doubles/mediamtx-api/index.ts';
import { startOverlay, type RunningOverlay } from '../harness/overlay.ts';
import { mediamtxApiPortOf, REAL_EDITOR_ENV, realEditorFile, startRealEditor } from '../harness/real-editor.ts';
import type { Slapd } from '../harness/slapd.ts';
import { DEMO_PATHS, directoryEnv, PROXY_SECRET } from '../harness/stack.ts';
import { startStandInEditor, type StandInEditor } from '../stand-in-editor/index.ts';

export type EditorChoice = { kind: 'stand-in' } | { kind: 'real'; file: string };

export interface ConsoleStack {
  editor: EditorChoice;
  /** The overlay: the only origin the browser is sent to. */
  origin: string;
  overlay: RunningOverlay;
  mediamtx: MediamtxApiDouble;
  /** The stand-in, when that is the editor (its service state can be changed). */
  standIn: StandInEditor | null;
  stop(): Promise<void>;
}

/** The overlay's editor service accounts: no page may ever show their names. */
export const SERVICE_ACCOUNTS = { admin: 'editor-admin', viewer: 'editor-viewer' } as const;

// MediaMTX's HLS bound to localhost: the editor hands out /hls-proxy/<name>/index.m3u8, as behind infra-TAK.
const MEDIAMTX_YML = 'api: yes\nhlsAddress: 127.0.0.1:8888\npaths:\n  all_others:\n';

export async function startConsoleStack(editor: EditorChoice, ldap: Slapd, env: Record<string, string> = {}): Promise<ConsoleStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const mediamtx = await startMediamtxApi({ paths: DEMO_PATHS, ...(editor.kind === 'real' && { port: mediamtxApiPortOf(editor.file) }) });
    stops.push(mediamtx.stop);
    let standIn: StandInEditor | null = null;
    let editorUrl: string;
    if (editor.kind === 'real') {
      const real = await startRealEditor(
        editor.file,
        [
          { username: SERVICE_ACCOUNTS.admin, password: 'editor-admin-pass', role: 'admin' },
          { username: SERVICE_ACCOUNTS.viewer, password: 'editor-viewer-pass', role: 'viewer' },
        ],
        MEDIAMTX_YML,
      );
      stops.push(real.stop);
      editorUrl = real.url;
    } else {
      standIn = await startStandInEditor({ mediamtxApiUrl: mediamtx.url });
      stops.push(standIn.stop);
      editorUrl = standIn.url;
    }
    const overlay = await startOverlay({
      EDITOR_URL: editorUrl,
      MEDIAMTX_API_URL: mediamtx.url,
      PROXY_SECRET,
      IDENTITY: 'ldap-login',
      DIRECTORY_WRITE: 'ldap',
      EDITOR_ADMIN_USER: SERVICE_ACCOUNTS.admin,
      EDITOR_ADMIN_PASSWORD: 'editor-admin-pass',
      EDITOR_VIEWER_USER: SERVICE_ACCOUNTS.viewer,
      EDITOR_VIEWER_PASSWORD: 'editor-viewer-pass',
      ...directoryEnv(ldap),
      ...env,
    });
    stops.push(overlay.stop);
    return { editor, origin: overlay.url, overlay, mediamtx, standIn, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * Which real editor to run the journeys against, or why not (then the tests are skipped and the
 * reason printed): MEDIAMTX_EDITOR_PY unset, or the MediaMTX API port it calls is taken.
 */
export async function realEditorChoice(): Promise<{ editor: EditorChoice | null; skipped: string | null }> {
  const file = realEditorFile();
  if (!file) return { editor: null, skipped: `set ${REAL_EDITOR_ENV} to a copy of mediamtx_config_editor.py (npm run test:real-editor) to run them` };
  const port = mediamtxApiPortOf(file);
  if (!(await portIsFree(port))) {
    return { editor: null, skipped: `127.0.0.1:${port} is taken, and the real editor calls the MediaMTX API there (hard-coded): free it to run them` };
  }
  return { editor: { kind: 'real', file }, skipped: null };
}

/** A name for screenshots and messages. */
export const editorName = (editor: EditorChoice) => (editor.kind === 'real' ? 'real-editor' : 'stand-in');
