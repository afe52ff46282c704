/** `npm start`'s prestart decision: build the console bundle when it is missing or older than what the build reads. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_INPUTS, BUNDLE, decide, readBundleStamp, readInputStamps } from '../../scripts/build-if-stale/decide.ts';
import { DEFAULT_BUNDLE_PATH } from '../../server/ui/bundle.ts';
import { readRepoFile, ROOT } from './tools.ts';

let root: string;
const T0 = new Date('2026-01-01T00:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Writes a file and sets its time (folders keep T0 unless a test moves them). */
function file(path: string, at: Date = T0) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), 'x');
  utimesSync(join(root, path), at, at);
}

function pinFolders(at: Date) {
  for (const folder of ['overlay-ui', 'overlay-ui/src', 'overlay-ui/src/components', 'overlay-ui/dist']) {
    try {
      utimesSync(join(root, folder), at, at);
    } catch {
      /* not there in this test */
    }
  }
}

const decision = () => decide(readBundleStamp(root), readInputStamps(root));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
  file('overlay-ui/src/index.ts');
  file('overlay-ui/src/components/vid-x.ts');
  file('overlay-ui/vite.config.ts');
  file('overlay-ui/tsconfig.json');
  file('package-lock.json');
  pinFolders(T0);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the prestart decision', () => {
  it('builds when the bundle is missing', () => {
    expect(decision()).toEqual({ build: true, reason: `${BUNDLE} is missing` });
  });

  it('leaves a bundle newer than every input alone', () => {
    file(BUNDLE, later(10));
    pinFolders(T0);
    expect(decision()).toEqual({ build: false, reason: `${BUNDLE} is up to date` });
  });

  it.each(['overlay-ui/src/components/vid-x.ts', 'overlay-ui/vite.config.ts', 'overlay-ui/tsconfig.json', 'package-lock.json'])(
    'builds when %s changed after the bundle (a git pull, an npm ci, an edit)',
    (input) => {
      file(BUNDLE, later(10));
      file(input, later(20));
      pinFolders(T0);
      expect(decision()).toEqual({ build: true, reason: `${BUNDLE} is older than ${input}` });
    },
  );

  it('builds when a source file was removed or added (the folder changed after the bundle)', () => {
    file(BUNDLE, later(10));
    pinFolders(T0);
    utimesSync(join(root, 'overlay-ui/src/components'), later(20), later(20));
    expect(decision()).toEqual({ build: true, reason: `${BUNDLE} is older than overlay-ui/src/components` });
  });

  it('counts an input written in the same instant as the bundle as built into it', () => {
    file(BUNDLE, later(10));
    file('overlay-ui/src/index.ts', later(10));
    pinFolders(T0);
    expect(decision().build).toBe(false);
  });

  it('is a pure function of the times it is given', () => {
    expect(
      decide({ path: BUNDLE, mtimeMs: 5 }, [
        { path: 'a', mtimeMs: 4 },
        { path: 'b', mtimeMs: 6 },
        { path: 'c', mtimeMs: 5 },
      ]),
    ).toEqual({ build: true, reason: `${BUNDLE} is older than b` });
    expect(decide({ path: BUNDLE, mtimeMs: 5 }, [])).toEqual({ build: false, reason: `${BUNDLE} is up to date` });
  });

  it('reads the inputs the build config names: sources and tsconfig beside vite.config.ts, the bundle where the server looks', () => {
    expect(relative(ROOT, DEFAULT_BUNDLE_PATH)).toBe(BUNDLE);
    const config = readRepoFile('overlay-ui/vite.config.ts');
    expect(config).toContain('src/index.ts');
    expect(config).toContain('`${here}dist`');
    expect(BUILD_INPUTS).toEqual(expect.arrayContaining(['overlay-ui/src', 'overlay-ui/vite.config.ts', 'overlay-ui/tsconfig.json']));
    expect(JSON.parse(readRepoFile('package.json')).scripts).toMatchObject({
      prestart: 'node --disable-warning=ExperimentalWarning scripts/build-if-stale.ts',
      build: 'vite build --config overlay-ui/vite.config.ts',
    });
  });
});
