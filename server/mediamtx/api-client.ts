/** The parts of the MediaMTX control API (v3) the overlay reads. */

export class MediamtxApiError extends Error {
  override name = 'MediamtxApiError';
  /** The HTTP status MediaMTX answered with; null when it did not answer at all. */
  status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.status = status;
  }
}

interface ListPage<T> {
  itemCount: number;
  pageCount: number;
  items: T[];
}

const PAGE_SIZE = 1000;
/** Bounds a misbehaving server: 100 pages of 1,000 is far past any real path list. */
const MAX_PAGES = 100;

/**
 * The session lists that carry readers, each with `list` and `kick/{id}` (v1.20.1 spec). rtmpsconns
 * and moqsessions are there too: a viewer on RTMPS or MoQ must not escape revocation.
 */
export const SESSION_KINDS = [
  'hlssessions', 'rtspsessions', 'rtspssessions', 'webrtcsessions', 'rtmpconns', 'rtmpsconns', 'srtconns', 'moqsessions',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** One running session, reduced to what deciding about it needs. */
export interface MediamtxSession {
  kind: SessionKind;
  id: string;
  path: string;
  /** The user name the client gave; '' when anonymous or when the kind has none (MoQ). */
  user: string;
  /** null for HLS sessions, which have no state in the API but only ever read. */
  state: 'idle' | 'read' | 'publish' | null;
  /** host:port, IPv6 in brackets. */
  remoteAddr: string;
}

export interface MediamtxApi {
  /** Names of paths in the configuration that name one stream (not `~regex` entries, not `all`/`all_others`). */
  configuredPaths(): Promise<string[]>;
  /** Names of the paths that exist right now. */
  activePaths(): Promise<string[]>;
  /** Every session of every kind this MediaMTX has (a kind it does not know, e.g. HLS before 1.18, is skipped). */
  listSessions(): Promise<MediamtxSession[]>;
  /** Closes a session; 'gone' when it had already ended (404). */
  kickSession(kind: SessionKind, id: string): Promise<'kicked' | 'gone'>;
  /** `GET /v3/config/global/get`: the global configuration (internal users' passwords redacted). */
  globalConfig(): Promise<Record<string, unknown>>;
  /** `PATCH /v3/config/global/patch`: sets exactly the given top-level keys; MediaMTX reloads what they touch. */
  patchGlobalConfig(patch: Record<string, unknown>): Promise<void>;
}

/** A list item as the spec declares it (HLSSession, RTSPSession, RTMPConn, SRTConn, WebRTCSession, MoQSession). */
interface SessionItem {
  id: string;
  path?: string;
  user?: string;
  state?: string;
  remoteAddr?: string;
}

const STATES = new Set(['idle', 'read', 'publish']);

export function createMediamtxApi(options: { baseUrl: string; timeoutMs?: number }): MediamtxApi {
  const timeoutMs = options.timeoutMs ?? 3_000;

  async function requestJson<T>(path: string, method: 'GET' | 'POST' | 'PATCH' = 'GET', body?: unknown): Promise<T> {
    let response: Response;
    try {
      const json = body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
      response = await fetch(`${options.baseUrl}${path}`, { method, ...json, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new MediamtxApiError(`MediaMTX API at ${options.baseUrl} did not answer ${path}: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      throw new MediamtxApiError(`MediaMTX API ${path} answered ${response.status}: ${detail.slice(0, 200)}`, response.status);
    }
    // Some MediaMTX versions answer a successful PATCH or kick with an empty body.
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const getJson = <T>(path: string) => requestJson<T>(path);

  async function listAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await getJson<ListPage<T>>(`${path}?itemsPerPage=${PAGE_SIZE}&page=${page}`);
      items.push(...body.items);
      if (page + 1 >= body.pageCount) break;
    }
    return items;
  }

  return {
    async configuredPaths() {
      const items = await listAll<{ name: string }>('/v3/config/paths/list');
      return items.map((p) => p.name).filter((n) => !n.startsWith('~') && n !== 'all' && n !== 'all_others');
    },
    async activePaths() {
      return (await listAll<{ name: string }>('/v3/paths/list')).map((p) => p.name);
    },
    async listSessions() {
      const perKind = await Promise.all(
        SESSION_KINDS.map(async (kind) => {
          try {
            return (await listAll<SessionItem>(`/v3/${kind}/list`)).map((item) => toSession(kind, item));
          } catch (error) {
            // Older (or newer) servers lack some lists and answer 404: nothing of that kind can run.
            if (error instanceof MediamtxApiError && error.status === 404) return null;
            throw error;
          }
        }),
      );
      // A wrong MEDIAMTX_API_URL 404s everything; that must not read as "nobody is watching".
      if (perKind.every((list) => list === null)) throw new MediamtxApiError(`MediaMTX API at ${options.baseUrl} has none of the session lists`, 404);
      return perKind.flatMap((list) => list ?? []);
    },
    async kickSession(kind, id) {
      try {
        await requestJson(`/v3/${kind}/kick/${encodeURIComponent(id)}`, 'POST');
        return 'kicked';
      } catch (error) {
        if (error instanceof MediamtxApiError && error.status === 404) return 'gone';
        throw error;
      }
    },
    globalConfig: () => getJson<Record<string, unknown>>('/v3/config/global/get'),
    async patchGlobalConfig(patch) {
      await requestJson('/v3/config/global/patch', 'PATCH', patch);
    },
  };
}

function toSession(kind: SessionKind, item: SessionItem): MediamtxSession {
  return {
    kind,
    id: item.id,
    path: item.path ?? '',
    user: item.user ?? '',
    state: item.state && STATES.has(item.state) ? (item.state as MediamtxSession['state']) : null,
    remoteAddr: item.remoteAddr ?? '',
  };
}
