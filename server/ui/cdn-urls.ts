/**
 * The two internet URLs in the editor's pages, pointed at the overlay's copies (offline-assets.ts).
 * They sit in HTML attributes and inside inline JavaScript strings (the popup player is written
 * with document.write), so a slash may also be written `\/`; the replacement uses plain slashes,
 * which read the same in both places.
 */

export interface CdnReplacements {
  /** Our hls.js. */
  hlsJs: string;
  /** Our Material Symbols Outlined stylesheet. */
  iconCss: string;
}

/** A `/`, or `\/` as a JavaScript or JSON string may escape it. */
const SLASH = String.raw`\\?/`;
const SCHEME = String.raw`(?:https?:)?${SLASH}${SLASH}`;

/**
 * jsDelivr's hls.js: unversioned, `@latest` or a 1.x version (we serve 1.x), optionally naming the
 * dist file. Anything that continues the URL (another file, another major, `hls.js-foo`) is left alone.
 */
const HLS_JS = String.raw`${SCHEME}cdn\.jsdelivr\.net${SLASH}npm${SLASH}hls\.js(?:@(?:latest|1(?:\.\d+){0,2}))?(?:${SLASH}dist${SLASH}hls(?:\.min)?\.js)?(?![\w.@/\\-])`;

/**
 * Google Fonts' stylesheet for Material Symbols Outlined with any axis settings and an optional
 * `display=`; a URL that asks for another family too is left alone (we would drop that family).
 */
const ICON_CSS = String.raw`${SCHEME}fonts\.googleapis\.com${SLASH}css2\?family=Material\+Symbols\+Outlined(?::[\w,.@;-]*)?(?:(?:&|&amp;)display=\w+)?(?![\w&;=+%:,.@-])`;

const PATTERN = new RegExp(`(${HLS_JS})|${ICON_CSS}`, 'g');

/** `text` with every CDN URL of ours replaced; the same string when there is none. */
export function replaceCdnUrls(text: string, to: CdnReplacements): string {
  return text.replace(PATTERN, (_match, hls: string | undefined) => (hls ? to.hlsJs : to.iconCss));
}
