import type { Context } from 'hono';
import type { Config } from '../config/index.ts';
import type { Directory } from '../directory/types.ts';
import { PROXY_SECRET_HEADER } from '../identity/proxy-secret.ts';
import type { Store } from '../store/index.ts';
import { ipAllowList } from './ip-allow-list.ts';

interface DependencyState {
  state: 'ok' | 'degraded';
  detail: string;
}

const PROBE_TIMEOUT_MS = 2_000;
const CACHE_MS = 5_000;
const isLoopback = ipAllowList(['127.0.0.0/8', '::1']);
/** Any of these means a proxy relayed the request: its socket is loopback, the caller is not. */
const RELAYED = ['x-forwarded-for', 'forwarded', PROXY_SECRET_HEADER];

/**
 * Details (URLs, the service account's DN, error text) only for a caller on this machine that
 * talks to the overlay directly. Admins are not singled out: recognising one takes the directory,
 * which is what is down when the details matter; they have the doctor (GET /_overlay/api/doctor).
 */
function mayReadDetails(c: Context): boolean {
  const address = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return address !== undefined && isLoopback(address) && RELAYED.every((name) => c.req.header(name) === undefined);
}

/**
 * GET /healthz: the mode and each dependency's state for anyone (monitors); 503 while anything is
 * degraded. What failed and where, only for direct loopback callers (see mayReadDetails).
 */
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
    const status = degraded ? 'degraded' : 'ok';
    const body = mayReadDetails(c)
      ? { status, mode: config.mode, modeReason: config.modeReason, identity: config.mode === 'directory' ? config.identity : null, dependencies }
      : { status, mode: config.mode, dependencies: Object.fromEntries(Object.entries(dependencies).map(([name, d]) => [name, { state: d.state }])) };
    return c.json(body, degraded ? 503 : 200, { 'Cache-Control': 'no-store' });
  };
}
