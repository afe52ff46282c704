import { Hono, type Context } from 'hono';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import type { MediamtxJwts } from '../jwt/tokens.ts';
import type { PlaybackTokens } from '../playback/tokens.ts';
import { requestBody } from '../proxy/forward.ts';
import type { ResponseTransform } from '../proxy/relay.ts';
import { may } from '../policy/may.ts';
import type { CompiledRules } from '../rules/compile.ts';
import { RuleInputError } from '../rules/rule-input-error.ts';
import { parseSelector } from '../rules/selector.ts';
import { activeStreamsTransform, createStreamsCache } from './active-streams.ts';

export interface StreamRouteDeps {
  rules: () => CompiledRules;
  tokens: PlaybackTokens;
  /** MEDIAMTX_AUTH=jwt: the player's credential is a MediaMTX JWT; null with authMethod: http. */
  jwts: MediamtxJwts | null;
  viewerShareLinks: boolean;
  /** Sends the request on to the editor as the user's role, optionally rewriting the answer. */
  forward: (c: Context<OverlayEnv>, transform?: ResponseTransform) => Promise<Response>;
}

/** The editor routes whose answers depend on which streams the user may see. */
export function streamRoutes(deps: StreamRouteDeps): Hono<OverlayEnv> {
  const routes = new Hono<OverlayEnv>();
  const cache = createStreamsCache();

  routes.get('/api/streams', (c) =>
    deps.forward(
      c,
      activeStreamsTransform({
        user: c.get('user'),
        rules: deps.rules(),
        cache,
        // MediaMTX in JWT mode reads no ?token= on HLS (authJWTInHTTPQuery is off since 1.18): the URL stays as it is.
        playbackToken: deps.jwts ? null : () => deps.tokens.recent(c.get('user').username),
      }),
    ),
  );

  // Viewers never receive the shared hlsviewer password: they get their own short-lived token.
  routes.get('/api/hlsviewer-credential', async (c) => {
    const user = c.get('user');
    if (deps.jwts) {
      // MediaMTX takes the JWT as the password under any user name. With authMethod: jwt it never
      // reads authInternalUsers, so the editor's hlsviewer password would not work: admins get one too.
      c.header('Cache-Control', 'no-store');
      return c.json({ username: user.username, password: (await deps.jwts.issue(user)).token });
    }
    if (user.role === 'admin') return deps.forward(c);
    c.header('Cache-Control', 'no-store');
    return c.json({ username: user.username, password: await deps.tokens.issue(user.username) });
  });

  routes.post('/api/share-links/generate', async (c) => {
    const user = c.get('user');
    if (user.role !== 'admin' && !deps.viewerShareLinks) {
      throw new OverlayError(403, { title: 'Share links are off', message: 'Creating share links is switched off for viewers on this site.' });
    }
    const stream = sharedStream(await requestBody(c));
    const decision = may(user, 'read', stream, deps.rules());
    if (!decision.allow) {
      throw new OverlayError(403, {
        title: 'Not your stream',
        message: `You cannot share "${stream}": it is not visible to your groups.`,
        log: `share link refused for ${user.username}: ${decision.reason}`,
      });
    }
    return deps.forward(c);
  });

  return routes;
}

/**
 * The stream named in a share-link request (the editor's page sends JSON `{stream, ttl}`), as
 * sent: it must already be a stream name in the rules' exact-path syntax. A name the rules would
 * read differently from the editor and MediaMTX (`./x`, `a//b`, a trailing space, a glob) is
 * refused before any rule is asked about it.
 */
function sharedStream(body: Buffer | null): string {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body.toString('utf8')) : null;
  } catch {
    parsed = null;
  }
  const stream = (parsed as { stream?: unknown } | null)?.stream;
  if (typeof stream !== 'string' || stream.trim() === '') {
    throw new OverlayError(400, { title: 'Bad request', message: 'Send JSON with the "stream" to share.', field: 'stream' });
  }
  let kind: string;
  try {
    kind = parseSelector(stream).kind;
  } catch (error) {
    if (!(error instanceof RuleInputError)) throw error;
    throw new OverlayError(400, { title: 'Bad request', message: `"stream" is not a valid stream name: ${error.message}`, field: 'stream' });
  }
  if (kind !== 'exact') {
    throw new OverlayError(400, {
      title: 'Bad request',
      message: `"stream" is not a stream name: ${JSON.stringify(stream)} is a ${kind}; name one stream.`,
      field: 'stream',
    });
  }
  return stream;
}
