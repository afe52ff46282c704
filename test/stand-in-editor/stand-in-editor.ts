import { randomBytes } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { serveOnLoopback } from '../doubles/mediamtx-api/serve-on-loopback.ts';
import { ADMIN_DENIED_LOCATION, logout, redirect, showLogin, submitLogin } from './auth-handlers.ts';
import {
  activeStreams,
  consoleHandler,
  generateShareLink,
  genericPageRoute,
  genericRoute,
  getYaml,
  hlsViewerCredential,
  logo,
  mediamtxUsers,
  serviceStatus,
  setShareMode,
  shareModes,
  watch,
} from './data-handlers.ts';
import type { EditorHandler, EditorState, EditorUser, ServiceState } from './editor-types.ts';
import type { ActiveStream } from './active-streams.ts';
import { addMediamtxUser, revokeMediamtxUser, saveYaml, updateMediamtxUser } from './config-handlers.ts';
import { mediamtxYaml } from './editor-config.ts';
import { downloadFile, uploadTestFile } from './file-transfer.ts';
import { errorBody } from './html-pages.ts';
import { matchEditorRoute } from './route-matcher.ts';
import { createSessionSigner, sessionCookieFrom } from './session-cookie.ts';
import { streamLogs } from './stream-logs.ts';

export type EditorHit = {
  method: string;
  /** The path as Werkzeug routes it (decoded, dot segments kept). */
  path: string;
  /** The Flask rule it matched, null when none did. */
  route: string | null;
  query: string;
  /** Who the editor saw: the user and role of a valid session cookie, else null. */
  user: string | null;
  role: string | null;
  /** The raw Cookie request header. */
  cookie: string | undefined;
  headers: Record<string, string | string[] | undefined>;
};

export type StandInEditorOptions = {
  mediamtxApiUrl: string;
  users?: EditorUser[];
  hlsViewerPassword?: string;
  /** Where HLS is served when not bound to localhost; unset = `/hls-proxy/<name>/index.m3u8`. */
  hlsBaseUrl?: string;
  /** group_names.json: MediaMTX user -> group label (publisher_group in /api/streams). */
  groupNames?: Record<string, string>;
  /**
   * Benchmarks only (bench/streams.ts): GET /api/streams answers exactly these streams, encoded
   * once, instead of building the list from the MediaMTX API. That build costs one API call per
   * path and, like the editor, reads only the first page (100 paths), so it can neither serve
   * 10,000 streams nor keep the editor's cost from drowning the overlay's. Login guard unchanged.
   */
  fixedStreams?: ActiveStream[];
  /** What `systemctl is-active mediamtx` says (GET /api/status); default active. */
  serviceState?: ServiceState;
};

export type StandInEditor = {
  url: string;
  port: number;
  hlsViewerPassword: string;
  /** New secret: every session cookie issued so far stops working, like an editor restart. */
  restart(): void;
  stop(): Promise<void>;
  hits: EditorHit[];
  clearHits(): void;
  /** mediamtx.yml as GET /get_yaml serves it now. */
  readonly config: string;
  /** Successful POST /login count. */
  readonly logins: number;
  readonly loginAttempts: number;
  /** Files uploaded through POST /api/test/upload, by filename. */
  files: Map<string, Buffer>;
  /** Benchmarks only: replaces the `fixedStreams` list (null: build from MediaMTX again). */
  setFixedStreams(streams: ActiveStream[] | null): void;
  /** MediaMTX as systemd would now report it (GET /api/status follows). */
  setServiceState(state: ServiceState): void;
};

export const DEFAULT_EDITOR_USERS: EditorUser[] = [
  { username: 'editor-admin', password: 'editor-admin-pass', role: 'admin' },
  { username: 'editor-viewer', password: 'editor-viewer-pass', role: 'viewer' },
];

const HANDLERS: Record<string, EditorHandler> = {
  'GET /login': showLogin,
  'POST /login': submitLogin,
  'GET /logout': logout,
  'GET /': consoleHandler,
  'GET /api/streams': activeStreams,
  'GET /api/hlsviewer-credential': hlsViewerCredential,
  'GET /api/status': serviceStatus,
  'GET /api/share-mode': shareModes,
  'POST /api/share-mode': setShareMode,
  'POST /api/share-links/generate': generateShareLink,
  'GET /get_yaml': getYaml,
  'POST /save_yaml': saveYaml,
  'POST /api/mediamtx/users/add': addMediamtxUser,
  'POST /api/mediamtx/users/update': updateMediamtxUser,
  'POST /api/mediamtx/users/revoke': revokeMediamtxUser,
  'GET /api/mediamtx/users': mediamtxUsers,
  'GET /stream_logs': streamLogs,
  'POST /api/test/upload': uploadTestFile,
  'GET /api/recordings/download/<f>': downloadFile,
  'GET /api/theme/logo': logo,
  'GET /watch/<stream>': watch,
};

/**
 * The path as Werkzeug 2.2 (Debian 12's python3-werkzeug, under Flask) routes it, from the request
 * target as it came off the wire: percent-escapes decoded one by one (a malformed one stays as it
 * is, and `%2f` becomes a real slash), dot segments kept (nothing resolves them), leading slashes
 * merged silently, and repeated slashes further in answered with a 308 to the merged spelling when
 * that spelling names a route (checked on the real 2.0.8 editor).
 */
export function werkzeugPath(target: string): { path: string; repeatedSlashes: boolean } {
  const queryAt = target.indexOf('?');
  const raw = queryAt === -1 ? target : target.slice(0, queryAt);
  const decoded = raw.replace(/%[0-9a-fA-F]{2}/g, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
  const path = utf8(decoded).replace(/^\/+/, '/');
  const merged = path.replace(/\/{2,}/g, '/');
  return { path: merged, repeatedSlashes: merged !== path };
}

/** Escapes decode to bytes; Werkzeug reads the bytes as UTF-8 (bad sequences become U+FFFD). */
function utf8(binary: string): string {
  return Buffer.from(binary, 'latin1').toString('utf8');
}

/**
 * Starts a stand-in for the vanilla MediaMTX web editor (Flask, v2.0.8) on 127.0.0.1,
 * reproducing its observable behaviour: routes, guards, cookie sessions, pages and data shapes.
 */
export async function startStandInEditor(opts: StandInEditorOptions): Promise<StandInEditor> {
  const initial: Omit<EditorState, 'config'> = {
    mediamtxApiUrl: opts.mediamtxApiUrl.replace(/\/$/, ''),
    hlsBaseUrl: opts.hlsBaseUrl,
    users: opts.users ?? DEFAULT_EDITOR_USERS,
    hlsViewerPassword: opts.hlsViewerPassword ?? randomBytes(12).toString('hex'),
    groupNames: opts.groupNames ?? {},
    signer: createSessionSigner(),
    files: new Map(),
    shareLinks: new Map(),
    shareModes: new Map(),
    counters: { logins: 0, loginAttempts: 0 },
    service: { state: opts.serviceState ?? 'active' },
  };
  const state: EditorState = { ...initial, config: mediamtxYaml(initial) };
  const setFixedStreams = (streams: ActiveStream[] | null) => {
    state.fixedStreamsJson = streams ? JSON.stringify({ streams }) : undefined;
  };
  setFixedStreams(opts.fixedStreams ?? null);
  const hits: EditorHit[] = [];
  const app = new Hono<{ Bindings: HttpBindings }>();

  // The editor's after_request hook: HTML is never cached.
  app.use(async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.includes('text/html')) {
      c.res.headers.set('cache-control', 'no-cache, no-store, must-revalidate');
      c.res.headers.set('pragma', 'no-cache');
      c.res.headers.set('expires', '0');
    }
  });

  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    // Hono's URL has dot segments resolved already; the editor sees the raw target.
    const target = c.env.incoming.url ?? url.pathname + url.search;
    const { path, repeatedSlashes } = werkzeugPath(target);
    const cookie = c.req.header('cookie');
    const session = state.signer.read(sessionCookieFrom(cookie));
    const match = matchEditorRoute(c.req.method, path);
    hits.push({
      method: c.req.method,
      path,
      route: match.kind === 'route' ? match.route.pattern : null,
      query: url.search.slice(1),
      user: session?.username ?? null,
      role: session?.role ?? null,
      cookie,
      headers: { ...c.env.incoming.headers },
    });

    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (match.kind === 'none') return c.body(errorBody(404), 404, html);
    if (repeatedSlashes) return c.body(null, 308, { location: `${path}${url.search}` });
    if (match.kind === 'other-method') {
      const allow = match.allow.join(', ');
      return c.req.method === 'OPTIONS' ? c.body(null, 200, { allow }) : c.body(errorBody(405), 405, { ...html, allow });
    }
    const { route, params } = match;
    if (route.guard !== 'public' && !session) return redirect(c, '/login');
    if (route.guard === 'admin' && session?.role !== 'admin') return redirect(c, ADMIN_DENIED_LOCATION);
    const handler = HANDLERS[`${route.method} ${route.pattern}`] ?? (route.page ? genericPageRoute : genericRoute);
    return handler({ c, path, params, session, state });
  });

  const server = await serveOnLoopback(app.fetch);
  return {
    url: server.url,
    port: server.port,
    hlsViewerPassword: state.hlsViewerPassword,
    restart: () => state.signer.rotate(),
    stop: server.stop,
    hits,
    clearHits: () => {
      hits.length = 0;
    },
    get config() {
      return state.config;
    },
    get logins() {
      return state.counters.logins;
    },
    get loginAttempts() {
      return state.counters.loginAttempts;
    },
    files: state.files,
    setFixedStreams,
    setServiceState: (next) => {
      state.service.state = next;
    },
  };
}
