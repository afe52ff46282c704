/**
 * Which editor routes each role may reach in directory mode. One table, read top to bottom,
 * first match wins; a route no line names is admin-only (closed by default).
 *
 * The vanilla editor checks roles only in its HTML: many data routes (`/get_yaml`,
 * `/api/mediamtx/users`, `/api/recordings/*`, ...) answer any logged-in user. This table is
 * where the overlay closes that gap.
 */

import { NEUTRAL_ANSWERS } from './neutral-answers.ts';

export type RouteAccess =
  /** Viewers and admins: what the Active Streams page needs. */
  | 'viewer'
  /** Admins only. */
  | 'admin'
  /** Nobody: the editor's own identity, registration and email features; the directory replaces them. */
  | 'directory-managed';

export interface RouteRule {
  methods: readonly string[];
  /** Exact path, or a prefix when it ends with `/*`. */
  path: string;
  access: RouteAccess;
  why: string;
}

const GET = ['GET', 'HEAD'] as const;

const ANY = ['*'] as const;

export const ROUTE_TABLE: readonly RouteRule[] = Object.freeze([
  { methods: GET, path: '/', access: 'viewer', why: 'the console page; viewers get the Active Streams tab' },
  { methods: GET, path: '/api/streams', access: 'viewer', why: 'the Active Streams list (filtered per user)' },
  { methods: GET, path: '/api/status', access: 'viewer', why: 'the header badge: whether MediaMTX runs ({status, color} only)' },
  ...[...NEUTRAL_ANSWERS.keys()].map((path) => ({
    methods: GET,
    path,
    access: 'viewer' as const,
    why: "asked by the page script viewers share with admins: viewers get a neutral answer from the overlay, never the editor's (access/neutral-answers.ts)",
  })),
  { methods: GET, path: '/api/hlsviewer-credential', access: 'viewer', why: 'the playback credential the player asks for' },
  { methods: GET, path: '/api/theme/logo', access: 'viewer', why: 'the theme logo in the page header' },
  { methods: ['POST'], path: '/api/share-links/generate', access: 'viewer', why: 'share links, only for streams the user can see' },
  {
    methods: GET,
    path: '/watch/*',
    access: 'viewer',
    why: "the phone player: the overlay's own page with the person's own credential, for streams they may see (streams/watch.ts); never the editor's",
  },
  { methods: GET, path: '/static/*', access: 'viewer', why: 'static assets' },
  { methods: GET, path: '/favicon.ico', access: 'viewer', why: 'static assets' },
  { methods: ['POST'], path: '/_overlay/api/token', access: 'viewer', why: "a MediaMTX JWT with the user's own permissions (MEDIAMTX_AUTH=jwt)" },
  { methods: GET, path: '/_overlay/api/me', access: 'viewer', why: 'who the console panels are drawn for: name, role, stream groups' },
  { methods: GET, path: '/_overlay/overlay.js', access: 'viewer', why: 'the console panel bundle injected into every editor page' },
  { methods: GET, path: '/_overlay/assets/*', access: 'viewer', why: "the icon font and hls.js the editor's pages and players would load from the internet" },

  { methods: ANY, path: '/login', access: 'directory-managed', why: "sign-in is the directory's" },
  { methods: ANY, path: '/register', access: 'directory-managed', why: 'sign-up goes through request access' },
  { methods: ANY, path: '/forgot-password', access: 'directory-managed', why: 'passwords live in the directory' },
  { methods: ANY, path: '/reset-password', access: 'directory-managed', why: 'passwords live in the directory' },
  { methods: ANY, path: '/change_password', access: 'directory-managed', why: 'passwords live in the directory' },
  { methods: ANY, path: '/api/webeditor/users', access: 'directory-managed', why: 'people are managed in the directory' },
  { methods: ANY, path: '/api/webeditor/users/*', access: 'directory-managed', why: 'people are managed in the directory' },
  { methods: ANY, path: '/api/webeditor/registration/*', access: 'directory-managed', why: 'sign-up goes through request access' },
  { methods: ANY, path: '/api/webeditor/registrations/*', access: 'directory-managed', why: 'sign-up goes through request access' },
  { methods: ANY, path: '/api/webeditor/email/*', access: 'directory-managed', why: "the editor's SMTP is never used in directory mode" },
]);

export interface RouteDecision {
  access: RouteAccess;
  rule: RouteRule | null;
}

/** `path` is the decoded path the editor will route (see http/request-target.ts). */
export function routeAccess(method: string, path: string): RouteDecision {
  for (const rule of ROUTE_TABLE) {
    if (!rule.methods.includes('*') && !rule.methods.includes(method)) continue;
    const matches = rule.path.endsWith('/*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
    if (matches) return { access: rule.access, rule };
  }
  return { access: 'admin', rule: null };
}
