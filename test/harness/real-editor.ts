/**
 * The real vanilla editor, for opt-in checks of our stand-in against the peer it stands for. It is
 * never in the repository: MEDIAMTX_EDITOR_PY names a copy of mediamtx_config_editor.py (v2.0.8),
 * run with Debian's python3 (python3-flask, python3-ruamel.yaml, python3-requests, python3-psutil).
 * The editor keeps its state under /opt and /usr/local/etc and binds 0.0.0.0:5000 when run as a
 * script, so it runs in a private mount namespace (needs root and unshare) over a temp dir, and is
 * imported rather than run so that it can be bound to a loopback port.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

/** `sh -c` script: $1 editor file, $2 port, $3 temp dir, $4 python, $5 the Python code to run (argv: file, port). */
const MOUNT_AND_RUN = [
  'set -e',
  'mkdir -p "$3/opt" "$3/etc"',
  'mount --bind "$3/opt" /opt',
  'mount --bind "$3/etc" /usr/local/etc',
  'exec "$4" -c "$5" "$1" "$2"',
].join('\n');

const IMPORT_EDITOR = "import runpy, sys; ns = runpy.run_path(sys.argv[1], run_name='mediamtx_config_editor')";

const sandboxArgs = (file: string, port: string, dir: string, code: string) => [
  '--mount',
  '--propagation',
  'private',
  '/bin/sh',
  '-c',
  MOUNT_AND_RUN,
  'real-editor',
  file,
  port,
  dir,
  process.env.REAL_EDITOR_PYTHON ?? '/usr/bin/python3',
  code,
];

export async function startRealEditor(file: string, users: RealEditorUser[], mediamtxYaml = 'api: yes\npaths:\n  all_others:\n'): Promise<RealEditor> {
  const dir = await mkdtemp(join(tmpdir(), 'real-editor-'));
  await mkdir(join(dir, 'opt', 'mediamtx-webeditor'), { recursive: true });
  await mkdir(join(dir, 'etc'), { recursive: true });
  await writeFile(join(dir, 'opt', 'mediamtx-webeditor', 'users.json'), JSON.stringify(users));
  await writeFile(join(dir, 'etc', 'mediamtx.yml'), mediamtxYaml);
  const { child, port } = await launchOnFreePort({
    name: 'real editor',
    command: 'unshare',
    args: (port) => sandboxArgs(file, String(port), dir, `${IMPORT_EDITOR}; ns['app'].run(host='127.0.0.1', port=int(sys.argv[2]))`),
    ready: async (port) => (await fetch(`http://127.0.0.1:${port}/login`).catch(() => null))?.status === 200,
  });
  return { url: `http://127.0.0.1:${port}`, stop: own('real-editor', child, dir) };
}

export interface RealEditorRoute {
  /** The Flask rule, e.g. `/restore/<backup_name>`. */
  rule: string;
  /** Without HEAD and OPTIONS, which Flask adds to every rule. */
  methods: string[];
  /** From the view's decorators: `admin_required`, `login_required`, or neither. */
  guard: 'public' | 'login' | 'admin';
}

/**
 * The view's decorators by their code: functools.wraps copies the name of the view onto the wrapper,
 * but not its code, so each wrapper in the `__wrapped__` chain is compared with the code the editor's
 * own login_required and admin_required produce.
 */
const DUMP_ROUTES = `${IMPORT_EDITOR}
import json
guards = {ns[name](lambda: None).__code__: guard for name, guard in (('login_required', 'login'), ('admin_required', 'admin'))}
def guard(view):
    found = set()
    while view is not None:
        found.add(guards.get(view.__code__))
        view = getattr(view, '__wrapped__', None)
    return 'admin' if 'admin' in found else 'login' if 'login' in found else 'public'
app = ns['app']
print(json.dumps([{'rule': r.rule, 'methods': sorted(r.methods - {'HEAD', 'OPTIONS'}), 'guard': guard(app.view_functions[r.endpoint])} for r in app.url_map.iter_rules() if r.endpoint != 'static']))
`;

/** Every route of the real editor, read from its Flask app (`app.url_map`) without serving it. */
export async function realEditorRoutes(file: string): Promise<RealEditorRoute[]> {
  const dir = await mkdtemp(join(tmpdir(), 'real-editor-routes-'));
  try {
    const { stdout } = await promisify(execFile)('unshare', sandboxArgs(file, '', dir, DUMP_ROUTES), { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    // The editor may print while it loads; the routes are the last line.
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as RealEditorRoute[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
