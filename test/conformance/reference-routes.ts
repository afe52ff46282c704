/** The routes our reference notes on the vanilla editor name (not in the repository; VANILLA_EDITOR_REFERENCE names them). */
import type { EditorGuard, EditorMethod } from '../stand-in-editor/routes.ts';

export type ReferenceRoute = { guard: EditorGuard; pattern: string; method?: EditorMethod };

const GUARD_OF_BULLET: Record<string, EditorGuard> = { Public: 'public', Login: 'login', Admin: 'admin' };

// `/a/{b,c/<f>}` -> /a/b, /a/c/<f>;  `/a[/b|/c]` -> /a, /a/b, /a/c  (the reference's shorthand).
function expand(item: string): string[] {
  const brace = /^(.*?)\{([^}]*)\}(.*)$/.exec(item);
  if (brace) return brace[2]!.split(',').flatMap((alt) => expand(`${brace[1]}${alt.trim()}${brace[3]}`));
  const bracket = /^(.*?)\[([^\]]*)\](.*)$/.exec(item);
  if (bracket) return ['', ...bracket[2]!.split('|')].flatMap((alt) => expand(`${bracket[1]}${alt}${bracket[3]}`));
  return [item];
}

/** Every route the "Routes (v2.0.8)" section of the reference names, with its guard. */
export function routesNamedInReference(markdown: string): ReferenceRoute[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Routes'));
  if (!section) throw new Error('no "## Routes" section in the reference');
  const routes: ReferenceRoute[] = [];
  for (const bullet of section.split(/^- /m).slice(1)) {
    const guard = GUARD_OF_BULLET[bullet.split(':')[0]!.trim()];
    if (!guard) continue;
    // Code spans may wrap onto the next line: `/api/test/{upload,files,\n  delete/<f>,...}`.
    for (const [, span] of bullet.matchAll(/`([^`]+)`/g)) {
      let item = span!.replace(/\n\s*/g, '');
      let method: EditorMethod | undefined;
      const prefixed = /^(GET|POST) (.*)$/.exec(item);
      if (prefixed) [method, item] = [prefixed[1] as EditorMethod, prefixed[2]!];
      for (const expanded of expand(item)) {
        const annotated = /^(.*?)\s*\((GET|POST)\)$/.exec(expanded);
        routes.push(
          annotated ? { guard, pattern: annotated[1]!, method: annotated[2] as EditorMethod } : { guard, pattern: expanded, ...(method ? { method } : {}) },
        );
      }
    }
  }
  return routes;
}

/** Flask rules compared by shape: `<f>`, `<path:subpath>` and `<path>` are all one parameter. */
export const samePattern = (a: string, b: string) => a.replace(/<[^>]*>/g, '<>') === b.replace(/<[^>]*>/g, '<>');
