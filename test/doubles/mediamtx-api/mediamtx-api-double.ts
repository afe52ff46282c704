import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { applyGlobalPatch, defaultGlobalConfig, redactGlobalConfig } from './global-config.ts';
import { createMediamtxState } from './mediamtx-state.ts';
import { paginate } from './paginate.ts';
import { defaultPathConf, STOCK_PATH_CONF_NAMES } from './path-config.ts';
import { serveOnLoopback } from './serve-on-loopback.ts';
import { sessionToApi } from './session-model.ts';
import { SESSION_KINDS, type MediamtxApiDouble, type MediamtxApiOptions, type RecordedRequest, type SessionKind } from './types.ts';

const apiError = (c: Context, status: ContentfulStatusCode, error: string) => c.json({ status: 'error', error }, status);

function sendPage<T>(c: Context, all: T[]) {
  const page = paginate(all, c.req.query('itemsPerPage'), c.req.query('page'));
  return typeof page === 'string' ? apiError(c, 400, page) : c.json(page);
}

function basicCredentials(header: string | undefined): { user: string; pass: string } | null {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

/**
 * Starts a fake MediaMTX v1.20.1 Control API on 127.0.0.1 answering in the spec's shapes.
 * Only the endpoints the overlay and the editor use are served; others get gin's 404.
 */
export async function startMediamtxApi(opts: MediamtxApiOptions = {}): Promise<MediamtxApiDouble> {
  const state = createMediamtxState(opts.paths ?? []);
  const globalConf = defaultGlobalConfig(opts.hlsViewerPass ?? randomBytes(12).toString('hex'));
  const expected = opts.credentials ?? { user: 'any', pass: '' };
  const kicks: MediamtxApiDouble['kicks'] = [];
  const requests: RecordedRequest[] = [];
  const app = new Hono();

  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const authorization = c.req.header('authorization');
    // Read once here; Hono caches it, so the route still gets c.req.json().
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
    requests.push({
      method: c.req.method,
      path: url.pathname,
      query: url.search.slice(1),
      ...(authorization ? { authorization } : {}),
      ...(body ? { body } : {}),
    });
    if (opts.requireAuth) {
      const given = basicCredentials(authorization);
      if (!given || given.user !== expected.user || given.pass !== expected.pass) {
        c.header('WWW-Authenticate', 'Basic realm="mediamtx"');
        return apiError(c, 401, 'authentication error');
      }
    }
    await next();
  });

  app.get('/v3/paths/list', (c) => sendPage(c, state.listPaths()));
  app.get('/v3/paths/get/:name{.+}', (c) => {
    const path = state.getPath(c.req.param('name'));
    return path ? c.json(path) : apiError(c, 404, 'path not found');
  });

  app.get('/v3/config/global/get', (c) => c.json(redactGlobalConfig(globalConf)));
  app.patch('/v3/config/global/patch', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const error = applyGlobalPatch(globalConf, body);
    return error ? apiError(c, 400, error) : c.json({ status: 'ok' });
  });

  const confNames = () => [...new Set([...STOCK_PATH_CONF_NAMES, ...state.listPaths().map((p) => p.confName as string)])].sort();
  app.get('/v3/config/paths/list', (c) => sendPage(c, confNames().map(defaultPathConf)));
  app.get('/v3/config/paths/get/:name{.+}', (c) => {
    const name = c.req.param('name');
    return confNames().includes(name) ? c.json(defaultPathConf(name)) : apiError(c, 404, 'path configuration not found');
  });

  const kindOf = (c: Context): SessionKind | undefined => SESSION_KINDS.find((k) => k === c.req.param('kind'));
  app.get('/v3/:kind/list', (c, next) => {
    const kind = kindOf(c);
    return kind ? sendPage(c, [...state.sessions[kind].values()].map(sessionToApi)) : next();
  });
  app.get('/v3/:kind/get/:id', (c, next) => {
    const kind = kindOf(c);
    if (!kind) return next();
    const s = state.sessions[kind].get(c.req.param('id'));
    return s ? c.json(sessionToApi(s)) : apiError(c, 404, 'session not found');
  });
  app.post('/v3/:kind/kick/:id', (c, next) => {
    const kind = kindOf(c);
    if (!kind) return next();
    const id = c.req.param('id');
    if (!state.removeSession(kind, id)) return apiError(c, 404, 'session not found');
    kicks.push({ kind, id });
    return c.json({ status: 'ok' });
  });

  // gin's default for unknown routes and wrong methods alike.
  app.notFound((c) => c.text('404 page not found', 404));

  const server = await serveOnLoopback(app.fetch, opts.port);
  return {
    url: server.url,
    port: server.port,
    setPaths: state.setPaths,
    addSession: state.addSession,
    sessions: state.sessions,
    kicks,
    requests,
    globalConfig: () => structuredClone(globalConf),
    stop: server.stop,
  };
}
