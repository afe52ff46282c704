import type { IncomingMessage } from 'node:http';
import type { SignedInUser } from '../http/env.ts';
import type { ResponseTransform } from '../proxy/relay.ts';
import type { CompiledRules } from '../rules/compile.ts';
import { effectiveAccess, visiblePaths } from '../rules/evaluate.ts';

interface EditorStream {
  name: string;
  hls_url?: string;
  [field: string]: unknown;
}

interface StreamsPayload {
  streams?: EditorStream[];
  [field: string]: unknown;
}

/**
 * The editor's Active Streams list, as this user may see it. Viewers keep only the streams the
 * rules give their groups, with a playback token in each HLS URL; admins keep every stream,
 * annotated with who can see it (extra fields the vanilla page ignores).
 */
export function activeStreamsTransform(options: {
  user: SignedInUser;
  rules: CompiledRules;
  /** The viewer's playback token (one per response: every stream's URL carries the same one). */
  playbackToken: () => Promise<string>;
}): ResponseTransform {
  return {
    applies: (proxyRes: IncomingMessage) =>
      proxyRes.statusCode === 200 && String(proxyRes.headers['content-type'] ?? '').includes('json'),
    async rewrite(body) {
      const payload = JSON.parse(body.toString('utf8')) as StreamsPayload;
      if (!Array.isArray(payload.streams)) {
        // Never pass on a list we could not filter.
        if (options.user.role === 'admin') return body;
        return Buffer.from(JSON.stringify({ ...payload, streams: [] }));
      }
      const streams =
        options.user.role === 'admin'
          ? annotate(payload.streams, options.rules)
          : await visibleWithTokens(payload.streams, options.rules, options.user.groups, options.playbackToken);
      return Buffer.from(JSON.stringify({ ...payload, streams }));
    },
  };
}

function annotate(streams: EditorStream[], rules: CompiledRules): EditorStream[] {
  return streams.map((stream) => {
    const access = effectiveAccess(rules, stream.name);
    return { ...stream, access: { groups: access.groups, rule: access.rule?.path ?? null, via: access.via } };
  });
}

async function visibleWithTokens(
  streams: EditorStream[],
  rules: CompiledRules,
  groups: readonly string[],
  playbackToken: () => Promise<string>,
): Promise<EditorStream[]> {
  const allowed = new Set(visiblePaths(rules, streams.map((s) => s.name).filter((n) => typeof n === 'string'), groups));
  const visible = streams.filter((s) => allowed.has(s.name));
  if (visible.length === 0) return visible;
  const token = await playbackToken();
  return visible.map((s) => (typeof s.hls_url === 'string' ? { ...s, hls_url: withToken(s.hls_url, token) } : s));
}

/** MediaMTX hands the raw query of the playlist request to the auth endpoint, which reads `token`. */
export function withToken(url: string, token: string): string {
  const hash = url.indexOf('#');
  const [base, fragment] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}${fragment}`;
}
