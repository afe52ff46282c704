import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The injected bundle must stay small: every editor page carries it. */
export const MAX_GZIP_BYTES = 50 * 1024;
export const BUNDLE_FILE = 'overlay.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Prints the bundle's gzipped size and fails the build when it is over MAX_GZIP_BYTES. */
function gzipBudget(): Plugin {
  return {
    name: 'vid-gzip-budget',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const [name, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const file = `${options.dir ?? `${here}dist`}/${name}`;
        const raw = readFileSync(file);
        const gzipped = gzipSync(raw, { level: 9 }).length;
        const line = `${name}: ${(raw.length / 1024).toFixed(1)} KB, gzipped ${(gzipped / 1024).toFixed(1)} KB (budget ${MAX_GZIP_BYTES / 1024} KB)`;
        if (gzipped > MAX_GZIP_BYTES) this.error(`bundle over budget: ${line}`);
        console.log(`overlay-ui bundle size: ${line}`);
      }
    },
  };
}

export default defineConfig({
  root: here,
  publicDir: false,
  logLevel: 'warn',
  plugins: [gzipBudget()],
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    // One classic-script-safe file (an IIFE: no globals leak into the editor's page), fixed name.
    lib: {
      entry: `${here}src/index.ts`,
      formats: ['iife'],
      name: 'vidOverlay',
      fileName: () => BUNDLE_FILE,
    },
  },
});
