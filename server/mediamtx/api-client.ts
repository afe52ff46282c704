/** The parts of the MediaMTX control API (v3) the overlay reads; every answer is checked against schemas.ts. */
import type { z } from 'zod';
import {
  describeIssues,
  errorAnswer,
  globalConfig,
  listPage,
  pathConfItem,
  pathItem,
  SESSION_ITEMS,
  SESSION_KINDS,
  type SessionItem,
  type SessionKind,
} from './schemas.ts';

export { SESSION_KINDS, type SessionKind };

export class MediamtxApiError extends Error {
  override name = 'MediamtxApiError';
  /** The HTTP status MediaMTX answered with; null when it did not answer at all. */
  status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.status = status;
  }
}

const PAGE_SIZE = 1000;
/** Bounds a misbehaving server: 100 pages of 1,000 is far past any real path list. */
const MAX_PAGES = 100;

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

const STATES = new Set(['idle', 'read', 'publish']);

type Page<T> = z.ZodType<{ pageCount: number; items: T[] }>;
// Built once, not per call.
const PATHS_PAGE = listPage(pathItem);
const PATH_CONFS_PAGE = listPage(pathConfItem);
const SESSIONS_PAGE = Object.fromEntries(SESSION_KINDS.map((kind): [SessionKind, Page<SessionItem>] => [kind, listPage(SESSION_ITEMS[kind])])) as Record<
  SessionKind,
  Page<SessionItem>
>;

export function createMediamtxApi(options: { baseUrl: string; timeoutMs?: number }): MediamtxApi {
  const timeoutMs = options.timeoutMs ?? 3_000;

  /** The answer's JSON, checked against `schema`; undefined for an empty body when no schema is given. */
  async function request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, schema?: z.ZodType<T>, body?: unknown): Promise<T> {
    let response: Response;
    try {
      const json = body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
      response = await fetch(`${options.baseUrl}${path}`, { method, ...json, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new MediamtxApiError(`MediaMTX API at ${options.baseUrl} did not answer ${path}: ${(error as Error).message}`);
    }
    // Some MediaMTX versions answer a successful PATCH or kick with an empty body.
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const error = errorAnswer.safeParse(parseJson(text));
      throw new MediamtxApiError(`MediaMTX API ${path} answered ${response.status}: ${error.success ? error.data.error : text.slice(0, 200)}`, response.status);
    }
    if (!schema) return undefined as T;
    const answer = parseJson(text);
    const result = schema.safeParse(answer);
    if (!result.success) {
      const problem = answer === undefined ? `not JSON: ${text.slice(0, 100)}` : describeIssues(result.error.issues, answer);
      throw new MediamtxApiError(`${method} ${path.split('?')[0]}: ${problem}`, response.status);
    }
    return result.data;
  }

  async function listAll<T>(path: string, page: Page<T>): Promise<T[]> {
    const items: T[] = [];
    for (let n = 0; n < MAX_PAGES; n++) {
      const body = await request('GET', `${path}?itemsPerPage=${PAGE_SIZE}&page=${n}`, page);
      items.push(...body.items);
      if (n + 1 >= body.pageCount) break;
    }
    return items;
  }

  return {
    async configuredPaths() {
      const items = await listAll('/v3/config/paths/list', PATH_CONFS_PAGE);
      return items.map((p) => p.name).filter((n) => !n.startsWith('~') && n !== 'all' && n !== 'all_others');
    },
    async activePaths() {
      return (await listAll('/v3/paths/list', PATHS_PAGE)).map((p) => p.name);
    },
    async listSessions() {
      const perKind = await Promise.all(
        SESSION_KINDS.map(async (kind) => {
          try {
            return (await listAll(`/v3/${kind}/list`, SESSIONS_PAGE[kind])).map((item) => toSession(kind, item));
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
        await request('POST', `/v3/${kind}/kick/${encodeURIComponent(id)}`);
        return 'kicked';
      } catch (error) {
        if (error instanceof MediamtxApiError && error.status === 404) return 'gone';
        throw error;
      }
    },
    globalConfig: () => request('GET', '/v3/config/global/get', globalConfig),
    async patchGlobalConfig(patch) {
      await request('PATCH', '/v3/config/global/patch', undefined, patch);
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

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
