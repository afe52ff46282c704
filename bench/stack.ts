// Everything the benchmarks talk to, on loopback: a seeded slapd, the MediaMTX API double, the
// stand-in editor serving a fixed stream list, and the real overlay as a child process started
// like `npm start`. stop() ends each piece we started, newest first.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import { editorAccount, overlayEnv } from '../scripts/demo/overlay-env.ts';
import { spawnOverlay } from '../scripts/demo/overlay-process.ts';
import { startMediamtxApi } from '../test/doubles/mediamtx-api/index.ts';
import { startSlapd, type Slapd } from '../test/harness/slapd.ts';
import { asForwardAuthUser, PROXY_SECRET } from '../test/harness/stack.ts';
import { startStandInEditor, type StandInEditor } from '../test/stand-in-editor/index.ts';
import type { Target } from './http-timing.ts';
import { benchRules } from './streams-data.ts';

const HOST = '127.0.0.1';
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BenchStackOptions {
  /** Adds entries to the seeded slapd before the overlay starts (e.g. seedMany for 10,000 users). */
  seed?: (slapd: Slapd) => Promise<void>;
  /** Rules PUT through the rules API; benchRules() (the /api/streams set) by default. */
  rules?: Array<{ path: string; groups: string[] }>;
  /** 'file': load them as RULES_FILE at start instead (same rules, no API round trips; for profiling runs). */
  rulesVia?: 'api' | 'file';
  /** Written to the data dir and named by MEDIAMTX_CONFIG_FILE (authInternalUsers for the auth endpoint). */
  mediamtxYaml?: string;
  /** More overlay variables (LOG_LEVEL, DIRECTORY_CACHE_TTL, NODE_OPTIONS for --cpu-prof ...). */
  env?: Record<string, string>;
}

export interface BenchStack {
  editor: StandInEditor;
  overlayUrl: string;
  overlayPid: number;
  slapdPid: number;
  /** The overlay's environment, to start another process against the same directory and store. */
  env: NodeJS.ProcessEnv;
  /** Seconds spent seeding slapd (the seed hook) and PUTting the rules. */
  setup: { seedSeconds: number; rulesSeconds: number };
  /** The three ways to GET /api/streams: the editor itself, and the overlay as a viewer and as an admin. */
  targets: { direct: Target; viewer: Target; admin: Target };
  ruleCount: number;
  stop(): Promise<void>;
}

/** Logs in to the editor the way a browser does and returns the session cookie. */
export async function editorSession(editorUrl: string, role: 'admin' | 'viewer'): Promise<string> {
  const { username, password } = editorAccount(role);
  const res = await fetch(`${editorUrl}/login`, { method: 'POST', body: new URLSearchParams({ username, password }), redirect: 'manual' });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('session='));
  if (res.status !== 302 || !cookie) throw new Error(`editor login as ${username} failed: HTTP ${res.status}`);
  return cookie;
}

/** PUTs each rule through the admin API, as an admin would, carrying the version it read. */
export async function putRules(overlayUrl: string, rules: Array<{ path: string; groups: string[] }>): Promise<void> {
  const admin = asForwardAuthUser('demo-admin');
  const listed = await fetch(`${overlayUrl}/_overlay/api/rules`, { headers: admin });
  if (!listed.ok) throw new Error(`GET /_overlay/api/rules: HTTP ${listed.status} ${await listed.text()}`);
  let { version } = (await listed.json()) as { version: number };
  for (const rule of rules) {
    const res = await fetch(`${overlayUrl}/_overlay/api/rules`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify(rule),
    });
    if (!res.ok) throw new Error(`PUT rule ${rule.path}: HTTP ${res.status} ${await res.text()}`);
    ({ version } = (await res.json()) as { version: number });
  }
}

export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    for (let next = stops.pop(); next; next = stops.pop()) await next().catch((error: Error) => console.error(`bench cleanup: ${error.message}`));
  };
  // Ctrl-C mid-run: the watchdogs would end slapd and the overlay, but not remove the temp data dir.
  const interrupted = () => void stop().then(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const slapd = await startSlapd();
    stops.push(() => slapd.stop());
    const seedStarted = performance.now();
    await options.seed?.(slapd);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    // The overlay's rules API needs a MediaMTX API; the editor's stream list does not use it (fixedStreams).
    const mediamtx = await startMediamtxApi({ paths: [] });
    stops.push(() => mediamtx.stop());
    const editor = await startStandInEditor({ mediamtxApiUrl: mediamtx.url, fixedStreams: [] });
    stops.push(() => editor.stop());
    const dataDir = await mkdtemp(join(tmpdir(), 'overlay-bench-'));
    stops.push(() => rm(dataDir, { recursive: true, force: true }));

    const port = await getPort({ host: HOST });
    const env: NodeJS.ProcessEnv = {
      ...overlayEnv({ host: HOST, port, editorUrl: editor.url, mediamtxApiUrl: mediamtx.url, slapd }),
      PROXY_SECRET,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    if (options.mediamtxYaml !== undefined) {
      env.MEDIAMTX_CONFIG_FILE = join(dataDir, 'mediamtx.yml');
      await writeFile(env.MEDIAMTX_CONFIG_FILE, options.mediamtxYaml);
    }
    const rules = options.rules ?? benchRules();
    if (options.rulesVia === 'file') {
      env.RULES_FILE = join(dataDir, 'rules.json');
      await writeFile(env.RULES_FILE, JSON.stringify(rules));
    }
    const overlay = spawnOverlay({ cwd: PROJECT_ROOT, env, port });
    stops.push(() => overlay.stop());
    await overlay.ready();

    const rulesStarted = performance.now();
    if (options.rulesVia !== 'file') await putRules(overlay.url, rules);
    const rulesSeconds = (performance.now() - rulesStarted) / 1000;
    const streams = `${overlay.url}/api/streams`;
    return {
      editor,
      overlayUrl: overlay.url,
      overlayPid: overlay.pid,
      slapdPid: slapd.pid,
      env,
      setup: { seedSeconds, rulesSeconds },
      targets: {
        direct: { name: 'direct', url: `${editor.url}/api/streams`, headers: { cookie: await editorSession(editor.url, 'viewer') } },
        viewer: { name: 'viewer', url: streams, headers: asForwardAuthUser('demo-viewer') },
        admin: { name: 'admin', url: streams, headers: asForwardAuthUser('demo-admin') },
      },
      ruleCount: rules.length,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
