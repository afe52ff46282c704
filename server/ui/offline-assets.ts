/**
 * What the editor's pages would load from the internet, served by the overlay from npm packages
 * instead, so the console works where there is no internet (field kits): the Material Symbols
 * Outlined icon font with the CSS Google Fonts would send for it, and hls.js for the players.
 * The overlay's own phone player script (streams/watch-player.js) is served the same way.
 *
 * Each file sits at `/_overlay/assets/<content hash>/<name>`: a new package version or a change
 * to our CSS is a new URL, so every answer may be kept for a year.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compress, contentHash } from './bundle.ts';

export const ASSETS_PREFIX = '/_overlay/assets/';

export interface OfflineAsset {
  /** `/_overlay/assets/<hash>/<name>`. */
  url: string;
  /** sha256 of the content, base64url, 22 characters: the ETag and the URL's version. */
  hash: string;
  contentType: string;
  identity: Buffer;
  /** Worth gzip/brotli (text); a woff2 is compressed already. */
  compressible: boolean;
}

export interface OfflineAssets {
  /** hls.js (the UMD build: the editor's players use the global `Hls`). */
  hlsJs: OfflineAsset;
  /** The icon font's stylesheet; it points at `font`. */
  iconCss: OfflineAsset;
  font: OfflineAsset;
  /** Not from the internet but ours: the script of the phone player page (streams/watch.ts). */
  watchPlayer: OfflineAsset;
  /** The asset at this decoded path, or undefined. */
  find(path: string): OfflineAsset | undefined;
  /** The asset in this coding, compressed once on first use. */
  encoded(asset: OfflineAsset, coding: 'gzip' | 'br'): Promise<Buffer>;
}

const require = createRequire(import.meta.url);

/** Reads the package files (a few hundred kB each) once; the hashes are needed for every editor page. */
export function createOfflineAssets(): OfflineAssets {
  const font = asset('material-symbols-outlined.woff2', 'font/woff2', packageFile('@material-symbols/font-400/material-symbols-outlined.woff2'), false);
  const iconCss = asset('material-symbols-outlined.css', 'text/css; charset=utf-8', Buffer.from(iconStylesheet(font.url)), true);
  const hlsJs = asset('hls.min.js', 'text/javascript; charset=utf-8', packageFile('hls.js/dist/hls.min.js'), true);
  const watchPlayer = asset('watch-player.js', 'text/javascript; charset=utf-8', readFileSync(new URL('../streams/watch-player.js', import.meta.url)), true);
  const byUrl = new Map([font, iconCss, hlsJs, watchPlayer].map((a) => [a.url, a]));
  const cache = new Map<string, Promise<Buffer>>();
  return {
    hlsJs,
    iconCss,
    font,
    watchPlayer,
    find: (path) => byUrl.get(path),
    encoded(target, coding) {
      const key = `${coding}:${target.url}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = compress(target.identity, coding);
        cache.set(key, pending);
      }
      return pending;
    },
  };
}

function asset(name: string, contentType: string, identity: Buffer, compressible: boolean): OfflineAsset {
  const hash = contentHash(identity);
  return { url: `${ASSETS_PREFIX}${hash}/${name}`, hash, contentType, identity, compressible };
}

function packageFile(specifier: string): Buffer {
  try {
    return readFileSync(require.resolve(specifier));
  } catch (error) {
    const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    throw new Error(
      `the overlay serves ${specifier} to the editor's pages, but it cannot be read (${(error as Error).message}): run npm ci to install the ${pkg} package`,
      { cause: error },
    );
  }
}

/**
 * What Google Fonts answers for the editor's `css2?family=Material+Symbols+Outlined:…` request,
 * with our copy of the font: the face and the class that turns ligature names ("videocam") into
 * icons. The font is variable in FILL, GRAD and opsz; the editor's own CSS picks FILL 1 with
 * font-variation-settings, as it does for Google's font.
 */
function iconStylesheet(fontUrl: string): string {
  return `@font-face {
  font-family: 'Material Symbols Outlined';
  font-style: normal;
  font-weight: 400;
  font-display: block;
  src: url(${fontUrl}) format('woff2');
}
.material-symbols-outlined {
  font-family: 'Material Symbols Outlined';
  font-weight: normal;
  font-style: normal;
  font-size: 24px;
  line-height: 1;
  letter-spacing: normal;
  text-transform: none;
  display: inline-block;
  white-space: nowrap;
  word-wrap: normal;
  direction: ltr;
  -webkit-font-feature-settings: 'liga';
  font-feature-settings: 'liga';
  -webkit-font-smoothing: antialiased;
}
`;
}
