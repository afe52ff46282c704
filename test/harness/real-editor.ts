/**
 * The real vanilla editor, for opt-in checks of our stand-in against the peer it stands for. It is
 * never in the repository: MEDIAMTX_EDITOR_PY names a copy of mediamtx_config_editor.py (v2.0.8),
 * run with Debian's python3 (python3-flask, python3-ruamel.yaml, python3-requests, python3-psutil).
 * The editor keeps its state under /opt and /usr/local/etc and binds 0.0.0.0:5000 when run as a
 * script, so it runs in a private mount namespace (needs root and unshare) over a temp dir, and is
 * imported rather than run so that it can be bound to a loopback port.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchOnFreePort, own } from './owned-process.ts';

export const REAL_EDITOR_ENV = 'MEDIAMTX_EDITOR_PY';

export interface RealEditor {
  url: string;
  stop(): Promise<void>;
}

export interface RealEditorUser {
  username: string;
  password: string;
  role: 'admin' | 'viewer';
}

/** The editor file to test against, or null (the caller skips and says so). */
export function realEditorFile(): string | null {
  return process.env[REAL_EDITOR_ENV] || null;
}

/**
 * The port of the MediaMTX API the editor calls, read from its source (`http://localhost:<port>/v3/`:
 * 9997 in 2.0.8, 9898 once infra-TAK has rewritten it). The MediaMTX API double must listen there
 * for the editor to list streams: the address is hard-coded, not configurable.
 */
export function mediamtxApiPortOf(file: string): number {
  const found = /http:\/\/(?:localhost|127\.0\.0\.1):(\d+)\/v3\//.exec(readFileSync(file, 'utf8'));
  if (!found) throw new Error(`${file} names no MediaMTX API address (http://localhost:<port>/v3/): is it mediamtx_config_editor.py?`);
  return Number(found[1]);
}

const MOUNT_AND_RUN = [
  'set -e',
  'mkdir -p "$3/opt" "$3/etc"',
  'mount --bind "$3/opt" /opt',
  'mount --bind "$3/etc" /usr/local/etc',
  'exec "$4" -c "import runpy, sys; ns = runpy.run_path(sys.argv[1], run_name=\'mediamtx_config_editor\'); ns[\'app\'].run(host=\'127.0.0.1\', port=int(sys.argv[2]))" "$1" "$2"',
].join('\n');

export async function startRealEditor(file: string, users: RealEditorUser[], mediamtxYaml = 'api: yes\npaths:\n  all_others:\n'): Promise<RealEditor> {
  const dir = await mkdtemp(join(tmpdir(), 'real-editor-'));
  await mkdir(join(dir, 'opt', 'mediamtx-webeditor'), { recursive: true });
  await mkdir(join(dir, 'etc'), { recursive: true });
  await writeFile(join(dir, 'opt', 'mediamtx-webeditor', 'users.json'), JSON.stringify(users));
  await writeFile(join(dir, 'etc', 'mediamtx.yml'), mediamtxYaml);
  const python = process.env.REAL_EDITOR_PYTHON ?? '/usr/bin/python3';
  const { child, port } = await launchOnFreePort({
    name: 'real editor',
    command: 'unshare',
    args: (port) => ['--mount', '--propagation', 'private', '/bin/sh', '-c', MOUNT_AND_RUN, 'real-editor', file, String(port), dir, python],
    ready: async (port) => (await fetch(`http://127.0.0.1:${port}/login`).catch(() => null))?.status === 200,
  });
  return { url: `http://127.0.0.1:${port}`, stop: own('real-editor', child, dir) };
}
