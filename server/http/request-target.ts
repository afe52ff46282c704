import type { MiddlewareHandler } from 'hono';
import type { OverlayEnv } from './env.ts';
import { OverlayError } from './errors.ts';

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
    const target = c.env?.incoming?.url ?? pathAndQuery(c.req.url);
    const check = checkRequestTarget(target);
    if (check.kind === 'refused') {
      throw new OverlayError(400, {
        title: 'Bad request path',
        message: `The request path ${check.problem}. Such paths are refused, because the editor and the overlay could read them differently.`,
        log: `refused request target ${JSON.stringify(target.slice(0, 300))}: ${check.problem}`,
      });
    }
    if (check.kind === 'redirect') return c.redirect(check.location, 308);
    c.set('path', check.path);
    await next();
  };
}

function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
