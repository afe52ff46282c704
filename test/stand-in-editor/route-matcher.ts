import { EDITOR_ROUTES, type EditorRoute } from './routes.ts';

export type RouteMatch =
  | { kind: 'route'; route: EditorRoute; params: Record<string, string> }
  /** The path exists for other methods: Flask answers 405 (or 200 to OPTIONS) with `Allow`. */
  | { kind: 'other-method'; allow: string[] }
  | { kind: 'none' };

type Compiled = { route: EditorRoute; regex: RegExp; names: string[] };

// Werkzeug: `<x>` stops at a slash, `<path:x>` does not; no trailing-slash leniency either way.
function compile(route: EditorRoute): Compiled {
  const names: string[] = [];
  const source = route.pattern.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&').replace(/<(path:)?(\w+)>/g, (_, isPath: string | undefined, name: string) => {
    names.push(name);
    return isPath ? '([^/].*)' : '([^/]+)';
  });
  return { route, regex: new RegExp(`^${source}$`), names };
}

const COMPILED = EDITOR_ROUTES.map(compile);

/** Matches a decoded request path against the editor's routes. HEAD counts as GET, like Flask. */
export function matchEditorRoute(method: string, pathname: string): RouteMatch {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const allow = new Set<string>();
  for (const { route, regex, names } of COMPILED) {
    const m = regex.exec(pathname);
    if (!m) continue;
    if (route.method === wanted) {
      return { kind: 'route', route, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) };
    }
    allow.add(route.method);
  }
  if (allow.size === 0) return { kind: 'none' };
  if (allow.has('GET')) allow.add('HEAD');
  allow.add('OPTIONS');
  return { kind: 'other-method', allow: [...allow].sort() };
}
