import { randomBytes } from 'node:crypto';
import { listActiveStreams } from './active-streams.ts';
import { consolePage } from './console-page.ts';
import { mediamtxUsersView } from './editor-config.ts';
import type { EditorHandler } from './editor-types.ts';
import { genericPage, watchPage } from './html-pages.ts';

// A 1x1 PNG: the agency logo the Styling tab would have uploaded.
const LOGO_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export const consoleHandler: EditorHandler = ({ c, session }) => c.html(consolePage(session!, c.req.query('message'), c.req.query('message_type')));

export const activeStreams: EditorHandler = async ({ c, state }) => {
  // Benchmarks only: a fixed list (StandInEditorOptions.fixedStreams), so they time the overlay, not this build.
  if (state.fixedStreamsJson !== undefined) return c.body(state.fixedStreamsJson, 200, { 'content-type': 'application/json' });
  return c.json(
    await listActiveStreams({
      mediamtxApiUrl: state.mediamtxApiUrl,
      hlsBaseUrl: state.hlsBaseUrl,
      groupNames: state.groupNames,
      shareModes: state.shareModes,
    }),
  );
};

/** The one shared read password, handed to any logged-in user. */
export const hlsViewerCredential: EditorHandler = ({ c, state }) => c.json({ username: 'hlsviewer', password: state.hlsViewerPassword });

function ttlOf(raw: unknown): { seconds: number | null; label: string } {
  const m = /^(\d+)\s*([hd]?)$/.exec(String(raw ?? '24h'));
  if (!m) return { seconds: null, label: 'Never expires' };
  const n = Number(m[1]);
  const unit = m[2] === 'd' ? 'day' : 'hour';
  return { seconds: n * (unit === 'day' ? 86_400 : 3_600), label: `${n} ${unit}${n === 1 ? '' : 's'}` };
}

/** Any logged-in user may mint a link for any stream name: the editor checks nothing else. */
export const generateShareLink: EditorHandler = async ({ c, state }) => {
  const body = (await c.req.json().catch(() => ({}))) as { stream?: unknown; ttl?: unknown };
  if (typeof body.stream !== 'string' || body.stream === '') return c.json({ ok: false, error: 'Stream name required' }, 400);
  const token = randomBytes(16).toString('base64url');
  const ttl = ttlOf(body.ttl);
  state.shareLinks.set(token, { stream: body.stream, expires: ttl.seconds === null ? null : Date.now() + ttl.seconds * 1000 });
  return c.json({ ok: true, token, url: `/shared/${token}`, stream: body.stream, ttl_label: ttl.label });
};

/** GET /api/status: what `systemctl is-active mediamtx` says, as the editor words it (any logged-in user). */
export const serviceStatus: EditorHandler = ({ c, state }) => {
  const [status, color] =
    state.service.state === 'active' ? ['running', 'success'] : state.service.state === 'activating' ? ['starting', 'warning'] : ['stopped', 'danger'];
  return c.json({ status, color });
};

/** GET /api/share-mode: every stream's link-sharing mode (admins and viewers). */
export const shareModes: EditorHandler = ({ c, state }) => c.json(Object.fromEntries(state.shareModes));

/** POST /api/share-mode {stream, mode}: admins only, checked in the handler (the route is login-only). */
export const setShareMode: EditorHandler = async ({ c, session, state }) => {
  if (session?.role !== 'admin') return c.json({ error: 'Unauthorized' }, 403);
  const body = (await c.req.json().catch(() => ({}))) as { stream?: unknown; mode?: unknown };
  const stream = typeof body.stream === 'string' ? body.stream.trim() : '';
  const mode = typeof body.mode === 'string' ? body.mode.trim().toLowerCase() : 'private';
  if (!stream) return c.json({ error: 'Stream name required' }, 400);
  if (mode !== 'public' && mode !== 'private') return c.json({ error: 'Mode must be public or private' }, 400);
  state.shareModes.set(stream, mode);
  return c.json({ ok: true, stream, mode });
};

export const getYaml: EditorHandler = ({ c, state }) => c.body(state.config, 200, { 'content-type': 'text/plain; charset=utf-8' });

export const mediamtxUsers: EditorHandler = ({ c, state }) => c.json(mediamtxUsersView(state));

export const watch: EditorHandler = ({ c, params, state }) => {
  const stream = params.stream ?? '';
  const hlsUrl = state.hlsBaseUrl ? `${state.hlsBaseUrl}/${stream}/index.m3u8` : `/hls-proxy/${stream}/index.m3u8`;
  return c.html(watchPage(stream, hlsUrl, state.hlsViewerPassword));
};

export const logo: EditorHandler = ({ c }) => c.body(new Uint8Array(LOGO_PNG), 200, { 'content-type': 'image/png', 'content-length': String(LOGO_PNG.length) });

/** Every route not modelled in detail: proof the request reached the editor, and where. */
export const genericRoute: EditorHandler = ({ c, path }) => c.json({ ok: true, route: path });

export const genericPageRoute: EditorHandler = ({ c, path }) => c.html(genericPage(path));
