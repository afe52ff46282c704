/**
 * `/watch/<name>`: where the editor's Watch button sends phones (≤ 768 px). The editor's own page
 * embeds the shared hlsviewer password, so in directory mode the overlay answers every request
 * under /watch/ itself: a small player page that plays `/hls-proxy/<name>/index.m3u8` with the
 * person's own credential, for a stream their groups may see. Anything else is one 404, the same
 * for a stream that exists and one that does not: the page never says which streams there are.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv, SignedInUser } from '../http/env.ts';
import { layout } from '../http/page.ts';
import type { MediamtxJwts } from '../jwt/tokens.ts';
import type { PlaybackTokens } from '../playback/tokens.ts';
import { may } from '../policy/may.ts';
import type { CompiledRules } from '../rules/compile.ts';
import { RuleInputError } from '../rules/rule-input-error.ts';
import { parseSelector } from '../rules/selector.ts';
import { withToken } from './active-streams.ts';

const PREFIX = '/watch/';

export interface WatchPageDeps {
  rules: () => CompiledRules;
  tokens: PlaybackTokens;
  /** MEDIAMTX_AUTH=jwt: the player sends a MediaMTX JWT as Bearer; null with authMethod: http. */
  jwts: MediamtxJwts | null;
  /** The overlay's hls.js and the player script (ui/offline-assets.ts). */
  scripts: { hlsJs: string; player: string };
}

/** Hls.js runs its transmuxer in a blob: worker and feeds the video from blob: media sources. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  'worker-src blob:',
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Keyed on the decoded path the route table decided on, like the neutral answers, so no spelling
 * of /watch/ reaches the editor's page.
 */
export function watchPages(deps: WatchPageDeps): MiddlewareHandler<OverlayEnv> {
  return async function answerWatchPage(c, next) {
    const path = c.get('path');
    if (!path.startsWith(PREFIX)) return next();
    if (c.req.method !== 'GET') {
      c.header('Allow', 'GET, HEAD');
      throw new OverlayError(405, { title: 'Method not allowed', message: 'The player page can only be loaded.' });
    }
    const user = c.get('user');
    const name = path.slice(PREFIX.length);
    const refusal = whyNot(name, user, deps.rules());
    if (refusal) {
      throw new OverlayError(404, {
        title: 'Stream not found',
        message: 'There is no stream by that name that you may watch.',
        links: [{ href: '/', text: 'Back to streams' }],
        log: `watch page for ${user.username}: ${refusal}`,
      });
    }
    return playerPage(c, name, user, deps);
  };
}

/** Why `name` is not a stream this user may watch, or null when it is. */
function whyNot(name: string, user: SignedInUser, rules: CompiledRules): string | null {
  try {
    const kind = parseSelector(name).kind;
    if (kind !== 'exact') return `${JSON.stringify(name)} is a ${kind}, not a stream name`;
  } catch (error) {
    if (!(error instanceof RuleInputError)) throw error;
    return `${JSON.stringify(name.slice(0, 300))} is not a stream name: ${error.message}`;
  }
  const decision = may(user, 'read', name, rules);
  return decision.allow ? null : decision.reason;
}

async function playerPage(c: Context<OverlayEnv>, name: string, user: SignedInUser, deps: WatchPageDeps): Promise<Response> {
  const playlist = `/hls-proxy/${name}/index.m3u8`;
  // JWT mode: MediaMTX reads no ?token= on HLS (authJWTInHTTPQuery is off since 1.18), so the JWT goes in a header.
  const credential = deps.jwts
    ? { src: playlist, bearer: (await deps.jwts.issue(user)).token }
    : { src: withToken(playlist, await deps.tokens.recent(user.username)), bearer: null };
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', CSP);
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.html(
    layout(
      name,
      html`<h1>${name}</h1>
<video id="player" controls autoplay muted playsinline data-src="${credential.src}"${credential.bearer ? html` data-bearer="${credential.bearer}"` : ''}></video>
<p id="player-status" role="status">Loading the stream…</p>
<p class="links"><a href="/">Back to streams</a></p>`,
      { wide: true, scripts: [deps.scripts.hlsJs, deps.scripts.player] },
    ),
  );
}
