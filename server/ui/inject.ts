/**
 * Puts the console panels into the editor's pages: one `<script type="module">` right before the
 * closing `</body>` of every HTML page the editor sends a signed-in user. The editor itself stays
 * untouched; the relay has already undone any compression and fixes Content-Length afterwards.
 */
import type { IncomingMessage } from 'node:http';
import type { ResponseTransform } from '../proxy/relay.ts';
import type { UiBundle } from './bundle.ts';

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
  const text = html.toString('latin1');
  if (text.includes(tag)) return html;
  const at = text.toLowerCase().lastIndexOf('</body');
  if (at >= 0) return Buffer.concat([html.subarray(0, at), Buffer.from(tag, 'latin1'), html.subarray(at)]);
  if (!/<(html|body)[\s>]/i.test(text)) return html;
  return Buffer.concat([html, Buffer.from(tag, 'latin1')]);
}

/** Codings the relay can undo (see decodeBody); a page in any other is passed on as it is, uninjected. */
const DECODABLE = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'identity']);

export function isInjectableResponse(res: Pick<IncomingMessage, 'statusCode' | 'headers'>): boolean {
  if (res.statusCode !== 200) return false;
  if (!String(res.headers['content-type'] ?? '').toLowerCase().startsWith('text/html')) return false;
  const codings = String(res.headers['content-encoding'] ?? '').split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
  return codings.every((c) => DECODABLE.has(c));
}

/**
 * The transform for one forwarded request. HEAD answers have no body to inject into (their
 * Content-Length would turn to 0), so they pass through as the editor sent them.
 */
export function htmlInjection(bundle: UiBundle, method: string): ResponseTransform | undefined {
  if (method !== 'GET') return undefined;
  return {
    applies: isInjectableResponse,
    async rewrite(body) {
      const current = await bundle.current();
      // Not built: the page works without the panels; a script tag that answers 503 would only add a console error.
      return current ? injectBeforeBodyEnd(body, scriptTag(current.hash)) : body;
    },
  };
}
