import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SignedInUser } from '../http/env.ts';
import type { ResponseTransform } from '../proxy/relay.ts';
import { visiblePaths } from '../policy/may.ts';
import type { CompiledRules } from '../rules/compile.ts';
import { effectiveAccess } from '../rules/evaluate.ts';
import { createFilteredListCache, type FilteredListCache } from './filtered-list-cache.ts';

interface EditorStream {
  name: string;
  hls_url?: string;
  [field: string]: unknown;
}

interface StreamsPayload {
  streams?: EditorStream[];
  [field: string]: unknown;
}

/** Stands where each viewer's token goes in a cached answer; random, so no editor body contains it. */
const TOKEN_SLOT = `overlaytoken${randomBytes(12).toString('hex')}`;

/** A ready answer, split where the token goes (one piece when no token is needed). */
export type PreparedList = string[];

export function createStreamsCache(maxBytes = 32 * 1024 * 1024): FilteredListCache<PreparedList> {
  return createFilteredListCache<PreparedList>({ maxBytes, sizeOf: (parts) => parts.reduce((n, p) => n + p.length, 0) });
}

/**
 * The editor's Active Streams list, as this user may see it. Viewers keep only the streams the
 * rules give their groups, with a playback token in each HLS URL; admins keep every stream,
 * annotated with who can see it (extra fields the vanilla page ignores).
 */
export function activeStreamsTransform(options: {
  user: SignedInUser;
  rules: CompiledRules;
  /** The viewer's playback token (one per response: every stream's URL carries the same one); null leaves the URLs alone. */
  playbackToken: (() => Promise<string>) | null;
  cache: FilteredListCache<PreparedList>;
}): ResponseTransform {
  const { user, rules, cache } = options;
  return {
    applies: (proxyRes: IncomingMessage) => proxyRes.statusCode === 200 && String(proxyRes.headers['content-type'] ?? '').includes('json'),
    async rewrite(body) {
      const key = `${user.role}\u0001${user.groups.join('\u0001')}\u0001${createHash('sha1').update(body).digest('base64')}`;
      let parts = cache.get(rules, key);
      if (!parts) {
        parts = prepare(body, user, rules, options.playbackToken !== null).split(TOKEN_SLOT);
        cache.set(rules, key, parts);
      }
      if (parts.length === 1) return Buffer.from(parts[0]!);
      return Buffer.from(parts.join(encodeURIComponent(await options.playbackToken!())));
    },
  };
}

/** The answer as JSON text, with TOKEN_SLOT wherever the viewer's token goes. */
function prepare(body: Buffer, user: SignedInUser, rules: CompiledRules, tokens: boolean): string {
  const payload = JSON.parse(body.toString('utf8')) as StreamsPayload;
  if (!Array.isArray(payload.streams)) {
    // Never pass on a list we could not filter.
    return user.role === 'admin' ? body.toString('utf8') : JSON.stringify({ ...payload, streams: [] });
  }
  const streams = user.role === 'admin' ? annotate(payload.streams, rules) : visibleWithTokenSlots(payload.streams, rules, user, tokens);
  return JSON.stringify({ ...payload, streams });
}

function annotate(streams: EditorStream[], rules: CompiledRules): EditorStream[] {
  return streams.map((stream) => {
    const access = effectiveAccess(rules, stream.name);
    return { ...stream, access: { groups: access.groups, rule: access.rule?.path ?? null, via: access.via } };
  });
}

function visibleWithTokenSlots(streams: EditorStream[], rules: CompiledRules, user: SignedInUser, tokens: boolean): EditorStream[] {
  const allowed = new Set(
    visiblePaths(
      user,
      streams.map((s) => s.name).filter((n) => typeof n === 'string'),
      rules,
    ),
  );
  return streams
    .filter((s) => allowed.has(s.name))
    .map((s) => (tokens && typeof s.hls_url === 'string' ? { ...s, hls_url: withToken(s.hls_url, TOKEN_SLOT) } : s));
}

/** MediaMTX hands the raw query of the playlist request to the auth endpoint, which reads `token`. */
export function withToken(url: string, token: string): string {
  const hash = url.indexOf('#');
  const [base, fragment] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}${fragment}`;
}
