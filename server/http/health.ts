import type { Context } from 'hono';
import type { Config } from '../config/index.ts';
import type { Directory } from '../directory/types.ts';
import type { Store } from '../store/index.ts';

interface DependencyState {
  state: 'ok' | 'degraded';
  detail: string;
}

const PROBE_TIMEOUT_MS = 2_000;
const CACHE_MS = 5_000;

/** GET /healthz: the mode and each dependency's state; 503 while anything is degraded. */
export function healthHandler(options: { config: Readonly<Config>; directory: Directory | null; store: Store | null }) {
  let cached: { at: number; body: Promise<Record<string, DependencyState>> } | null = null;

  /** Any HTTP answer counts as "up" unless `healthy` says otherwise. */
  async function probeHttp(url: string, healthy: (status: number) => boolean = () => true): Promise<DependencyState> {
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await response.body?.cancel();
      return healthy(response.status)
        ? { state: 'ok', detail: `answered ${response.status}` }
        : { state: 'degraded', detail: `${url} answered ${response.status}` };
    } catch (error) {
      return { state: 'degraded', detail: `not answering at ${url}: ${(error as Error).message}` };
    }
  }

  async function probeDirectory(directory: Directory): Promise<DependencyState> {
    try {
      await directory.ping();
      return { state: 'ok', detail: 'service account bind works' };
    } catch (error) {
      return { state: 'degraded', detail: (error as Error).message };
    }
  }

  async function probeStore(store: Store): Promise<DependencyState> {
    try {
      await store.ping();
      return { state: 'ok', detail: store.description };
    } catch (error) {
      return { state: 'degraded', detail: `${store.description}: ${(error as Error).message}` };
    }
  }

  async function probeAll(): Promise<Record<string, DependencyState>> {
    const { config } = options;
    const [editor, directory, authentik, store] = await Promise.all([
      probeHttp(`${config.editorUrl}/login`),
      options.directory ? probeDirectory(options.directory) : null,
      config.authentik ? probeHttp(`${config.authentik.url}/-/health/live/`, (status) => status < 300) : null,
      options.store ? probeStore(options.store) : null,
    ]);
    return { editor, ...(directory && { directory }), ...(authentik && { authentik }), ...(store && { store }) };
  }

  return async function health(c: Context) {
    // Probes are shared for a few seconds so a busy monitor cannot turn into load on the directory.
    if (!cached || Date.now() - cached.at > CACHE_MS) cached = { at: Date.now(), body: probeAll() };
    const dependencies = await cached.body;
    const degraded = Object.values(dependencies).some((d) => d.state !== 'ok');
    const { config } = options;
    return c.json(
      {
        status: degraded ? 'degraded' : 'ok',
        mode: config.mode,
        modeReason: config.modeReason,
        identity: config.mode === 'directory' ? config.identity : null,
        dependencies,
      },
      degraded ? 503 : 200,
      { 'Cache-Control': 'no-store' },
    );
  };
}
