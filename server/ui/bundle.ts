/**
 * The console's panel bundle, `overlay-ui/dist/overlay.js` (built by `npm run build`, which
 * `npm start` runs first when it is missing or older than its sources), held in
 * memory with its hash and gzip and brotli forms made once per build. The file is looked at again
 * at most once a second, so a rebuild is served without a restart and a request never waits on a
 * stat.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Logger } from 'pino';

export const DEFAULT_BUNDLE_PATH = fileURLToPath(new URL('../../overlay-ui/dist/overlay.js', import.meta.url));

export interface Bundle {
  /** sha256 of the content, base64url, 22 characters: the ETag and the `?v=` of the script URL. */
  hash: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

export interface UiBundle {
  path: string;
  /** The current build, or null when the file is not there (not built). */
  current(): Promise<Bundle | null>;
}

const RECHECK_MS = 1_000;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export function createUiBundle(options: { path?: string; log: Logger; now?: () => number }): UiBundle {
  const path = options.path ?? DEFAULT_BUNDLE_PATH;
  const now = options.now ?? Date.now;
  let loaded: { stamp: string; bundle: Bundle | null } | null = null;
  let checkedAt = -Infinity;
  let checking: Promise<Bundle | null> | null = null;

  async function check(): Promise<Bundle | null> {
    const info = await stat(path).catch(() => null);
    const stamp = info?.isFile() ? `${info.mtimeMs}:${info.size}` : 'missing';
    if (loaded?.stamp === stamp) return loaded.bundle;
    const bundle = stamp === 'missing' ? null : await load(path).catch(() => null);
    if (!bundle && loaded?.bundle !== null) {
      options.log.warn(
        { path },
        'the console panel bundle is not built: run `npm run build` (the editor works, without the console panels: Stream access, Stream users, the identity chip)',
      );
    } else if (bundle) {
      options.log.info({ path, hash: bundle.hash, bytes: bundle.identity.length }, 'console panel bundle loaded');
    }
    loaded = { stamp, bundle };
    return bundle;
  }

  const ui: UiBundle = {
    path,
    current() {
      if (now() - checkedAt < RECHECK_MS && loaded) return Promise.resolve(loaded.bundle);
      checking ??= check().finally(() => {
        checkedAt = now();
        checking = null;
      });
      return checking;
    },
  };
  // Says at start whether the bundle is there (logged once, not per request).
  void ui.current();
  return ui;
}

async function load(path: string): Promise<Bundle> {
  const identity = await readFile(path);
  const [gz, br] = await Promise.all([compress(identity, 'gzip'), compress(identity, 'br')]);
  return { hash: contentHash(identity), identity, gzip: gz, br };
}

/** sha256, base64url, 22 characters: names a build or an asset in its URL and ETag. */
export function contentHash(content: Buffer): string {
  return createHash('sha256').update(content).digest('base64url').slice(0, 22);
}

/** At the highest levels: it is done once per content, and every answer after is smaller. */
export function compress(content: Buffer, coding: 'gzip' | 'br'): Promise<Buffer> {
  return coding === 'br'
    ? brotliAsync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } })
    : gzipAsync(content, { level: 9 });
}
