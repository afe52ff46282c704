import type { MiddlewareHandler } from 'hono';
import type { OverlayEnv } from './env.ts';
import { OverlayError } from './errors.ts';
import { isPlainHost } from './host.ts';

/**
 * What the overlay decides on must be what the editor routes. Werkzeug percent-decodes the path,
 * keeps `.` and `..` segments (its `<path:…>` converters swallow them) and matches `//x` as `/x`,
 * while URL parsers on our side resolve dot segments. Rather than guess which reading the editor
 * takes, a path that could be read two ways is refused, and repeated slashes are sent to the one
 * spelling both sides read alike.
 */
export type TargetCheck =
  /** `path` is the decoded path the editor will route; `raw` the path as it is forwarded. */
  | { kind: 'ok'; path: string; raw: string }
  /** Same path with repeated slashes merged: answer with a redirect there. */
  | { kind: 'redirect'; location: string }
  | { kind: 'refused'; problem: string };

const DOT_SEGMENTS = new Set(['.', '..']);

/** Checks a request target as it arrived on the wire (`req.url`: path and query, nothing decoded). */
export function checkRequestTarget(target: string): TargetCheck {
  if (!target.startsWith('/')) return { kind: 'refused', problem: 'is not a path starting with "/"' };
  const queryAt = target.indexOf('?');
  const raw = queryAt === -1 ? target : target.slice(0, queryAt);
  if (raw.includes('#')) return { kind: 'refused', problem: 'contains "#"' };
  const decoded: string[] = [];
  for (const segment of raw.split('/')) {
    let text: string;
    try {
      text = decodeURIComponent(segment);
    } catch {
      return { kind: 'refused', problem: 'has a percent-escape that does not decode' };
    }
    if (DOT_SEGMENTS.has(text)) return { kind: 'refused', problem: `has a "${text}" segment` };
    if (text.includes('/')) return { kind: 'refused', problem: 'has an encoded "/" inside a segment' };
    if (text.includes('\\')) return { kind: 'refused', problem: 'contains a backslash' };
    if (text.includes('\0')) return { kind: 'refused', problem: 'contains a NUL character' };
    decoded.push(text);
  }
  const merged = raw.replace(/\/{2,}/g, '/');
  if (merged !== raw) return { kind: 'redirect', location: merged + (queryAt === -1 ? '' : target.slice(queryAt)) };
  return { kind: 'ok', path: decoded.join('/'), raw };
}

/**
 * Directory mode's first step: refuses ambiguous paths (400), redirects `//` spellings (308, which
 * keeps the method and body), and records the decoded path every later step decides on.
 */
export function requestTargetGuard(): MiddlewareHandler<OverlayEnv> {
  return async function guardRequestTarget(c, next) {
    // The wire form when served by node; app.request() in unit tests has only the parsed URL.
    const incoming = c.env?.incoming;
    const target = incoming?.url ?? pathAndQuery(c.req.url);
    const check = checkRequestTarget(target);
    if (check.kind === 'refused') throw badPath(target, `The request path ${check.problem}`, check.problem);
    if (check.kind === 'redirect') return c.redirect(check.location, 308);
    if (incoming) {
      // Hono routes on the URL @hono/node-server builds from the Host header and the target; a Host
      // holding "/path?" of the right length moved that URL's path while every check read the target.
      const host = incoming.headers.host;
      if (host !== undefined && !isPlainHost(host))
        throw badPath(target, 'The Host header is not a host name or address', `Host ${JSON.stringify(host.slice(0, 100))}`);
      const routed = decodedPath(c.req.url);
      if (routed !== check.path)
        throw badPath(target, 'The request would be routed by another path than the one it names', `routed as ${JSON.stringify(routed)}`);
    }
    c.set('path', check.path);
    await next();
  };
}

function badPath(target: string, message: string, why: string): OverlayError {
  return new OverlayError(400, {
    title: 'Bad request path',
    message: `${message}. Such requests are refused, because the editor and the overlay could read them differently.`,
    log: `refused request target ${JSON.stringify(target.slice(0, 300))}: ${why}`,
  });
}

function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
}

function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
