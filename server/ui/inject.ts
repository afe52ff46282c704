/**
 * Puts the console panels into the editor's pages: one `<script type="module">` right before the
 * closing `</body>` of every HTML page the editor sends a signed-in user, and its internet URLs
 * (icon font, hls.js) pointed at the overlay's copies. The editor itself stays untouched; the
 * relay has already undone any compression and fixes Content-Length afterwards.
 */
import type { IncomingMessage } from 'node:http';
import type { ResponseTransform } from '../proxy/relay.ts';
import type { UiBundle } from './bundle.ts';
import { replaceCdnUrls, type CdnReplacements } from './cdn-urls.ts';

export const BUNDLE_URL = '/_overlay/overlay.js';

/**
 * The editor's header names the editor session's user (the overlay's service account) next to its
 * change-password modal; both are hidden from the first paint, before the bundle has run (it puts
 * the directory person there). The editor's Logout link stays until then: it goes to /logout,
 * which is the overlay's and ends the directory session.
 */
export const HIDE_EDITOR_IDENTITY = '<style data-vid-overlay>.header-user>[onclick*="password-modal"],#password-modal{display:none!important}</style>';

/** What goes before `</body>`: the style above and the bundle's script. */
export function scriptTag(hash: string): string {
  return `${HIDE_EDITOR_IDENTITY}<script type="module" src="${BUNDLE_URL}?v=${encodeURIComponent(hash)}"></script>`;
}

/**
 * Inserts `tag` before the **last** `</body>` (any case): the editor's inline scripts write whole
 * popup documents as strings, so earlier `</body>`s can sit inside JavaScript. Without one, a
 * whole document (it has `<html` or `<body`) gets the tag at its end, where browsers still run
 * it; a fragment is left alone. Never twice. Works on bytes read as latin1, which maps each byte
 * to one character and back, so any charset of the page survives unchanged.
 */
export function injectBeforeBodyEnd(html: Buffer, tag: string): Buffer {
  return rewriteEditorPage(html, tag, null);
}

function injected(text: string, tag: string): string {
  if (text.includes(tag)) return text;
  const at = text.toLowerCase().lastIndexOf('</body');
  if (at >= 0) return text.slice(0, at) + tag + text.slice(at);
  if (!/<(html|body)[\s>]/i.test(text)) return text;
  return text + tag;
}

/**
 * The page with its CDN URLs replaced (when `cdn` is given) and `tag` injected (when given), in
 * one read of the bytes as latin1; the same Buffer when nothing changed.
 */
export function rewriteEditorPage(html: Buffer, tag: string | null, cdn: CdnReplacements | null): Buffer {
  const text = html.toString('latin1');
  let out = cdn ? replaceCdnUrls(text, cdn) : text;
  if (tag) out = injected(out, tag);
  return out === text ? html : Buffer.from(out, 'latin1');
}

/** Codings the relay can undo (see decodeBody); a page in any other is passed on as it is, uninjected. */
const DECODABLE = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'identity']);

export function isInjectableResponse(res: Pick<IncomingMessage, 'statusCode' | 'headers'>): boolean {
  if (res.statusCode !== 200) return false;
  if (
    !String(res.headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('text/html')
  )
    return false;
  const codings = String(res.headers['content-encoding'] ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);
  return codings.every((c) => DECODABLE.has(c));
}

/**
 * The transform for one forwarded request. HEAD answers have no body to inject into (their
 * Content-Length would turn to 0), so they pass through as the editor sent them.
 */
export function htmlInjection(bundle: UiBundle, method: string, cdn: CdnReplacements | null = null): ResponseTransform | undefined {
  if (method !== 'GET') return undefined;
  return {
    applies: isInjectableResponse,
    async rewrite(body) {
      const current = await bundle.current();
      // Not built: the page works without the panels; a script tag that answers 503 would only add a console error.
      return rewriteEditorPage(body, current ? scriptTag(current.hash) : null, cdn);
    },
  };
}
