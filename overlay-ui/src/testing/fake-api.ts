import type { ActivityDetail, ActivityEntry } from '../shared/api-types.ts';

/**
 * A stubbed `fetch` standing in for the overlay's API (the UI's transport is the one thing the
 * tests stub). Routes answer by "METHOD /path"; every call is recorded.
 */
export interface Call {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Handler = (call: Call) => { status?: number; body?: unknown } | undefined;

export class FakeApi {
  readonly calls: Call[] = [];
  private readonly routes = new Map<string, Handler>();

  on(route: string, handler: Handler | { status?: number; body?: unknown }): this {
    this.routes.set(route, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  /**
   * The activity log: GET /activity filters by `user` and `kind` and pages by `limit` and
   * `offset` as the server does (newest first, as given), GET /activity/:id answers the detail
   * (`details`, else the entry with no diff).
   */
  withActivity(entries: ActivityEntry[], details: ActivityDetail[] = []): this {
    this.on('GET /_overlay/api/activity', (call) => {
      const q = new URL(call.url, 'http://localhost').searchParams;
      const matching = entries.filter((e) => (!q.has('user') || e.user === q.get('user')) && (!q.has('kind') || e.kind === q.get('kind')));
      const limit = Number(q.get('limit') ?? 50);
      const offset = Number(q.get('offset') ?? 0);
      return { body: { entries: matching.slice(offset, offset + limit), total: matching.length, limit, offset } };
    });
    for (const entry of entries) {
      const detail = details.find((d) => d.id === entry.id) ?? { ...entry, diff: [] };
      this.on(`GET /_overlay/api/activity/${encodeURIComponent(entry.id)}`, { body: detail });
    }
    return this;
  }

  callsTo(route: string): Call[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const call: Call = { method, url: url.pathname + url.search, path: url.pathname, headers, body };
    this.calls.push(call);
    const handler = this.routes.get(`${method} ${url.pathname}`);
    const answer = handler?.(call) ?? { status: 404, body: { error: `no fake for ${method} ${url.pathname}` } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}
