/** The parts of the MediaMTX control API (v3) the overlay reads. */

export class MediamtxApiError extends Error {
  override name = 'MediamtxApiError';
}

interface ListPage<T> {
  itemCount: number;
  pageCount: number;
  items: T[];
}

const PAGE_SIZE = 1000;
/** Bounds a misbehaving server: 100 pages of 1,000 is far past any real path list. */
const MAX_PAGES = 100;

export interface MediamtxApi {
  /** Names of paths in the configuration that name one stream (not `~regex` entries, not `all`/`all_others`). */
  configuredPaths(): Promise<string[]>;
  /** Names of the paths that exist right now. */
  activePaths(): Promise<string[]>;
}

export function createMediamtxApi(options: { baseUrl: string; timeoutMs?: number }): MediamtxApi {
  const timeoutMs = options.timeoutMs ?? 3_000;

  async function getJson<T>(path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new MediamtxApiError(`MediaMTX API at ${options.baseUrl} did not answer ${path}: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      throw new MediamtxApiError(`MediaMTX API ${path} answered ${response.status}: ${detail.slice(0, 200)}`);
    }
    return (await response.json()) as T;
  }

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
  };
}
