/**
 * `npm start`'s prestart in a scratch copy of what the build needs (node_modules linked, not
 * installed): no vite, a missing bundle built once, an up-to-date one left alone, a broken source
 * failing the start with vite's error. The one test that runs the real build.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE } from '../../scripts/build-if-stale/decide.ts';
import { ROOT } from './tools.ts';

let scratch: string;

/** `npm run prestart` in the scratch copy, with the npm that runs the tests when there is one. */
function prestart() {
  const npm = process.env.npm_execpath;
  const [command, prefix] = npm && /\.[cm]?js$/.test(npm) ? [process.execPath, [npm]] : ['npm', []];
  const run = spawnSync(command, [...prefix, 'run', 'prestart'], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, npm_config_update_notifier: 'false' },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'overlay-prestart-'));
  for (const path of [
    'package.json',
    'package-lock.json',
    'scripts/build-if-stale.ts',
    'scripts/build-if-stale',
    'overlay-ui/src',
    'overlay-ui/vite.config.ts',
    'overlay-ui/tsconfig.json',
  ]) {
    cpSync(join(ROOT, path), join(scratch, path), { recursive: true });
  }
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm start's prestart", () => {
  it('without vite (npm ci --omit=dev) says what to run and lets the overlay start', () => {
    const run = prestart();
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain(`${BUNDLE} is missing, and vite is not installed`);
    expect(run.output).toContain('npm ci && npm run build');
    expect(existsSync(join(scratch, BUNDLE))).toBe(false);
  });

  it('builds a missing bundle with npm run build, then leaves it alone while nothing changed', () => {
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    const first = prestart();
    expect(first.status, first.output).toBe(0);
    expect(first.output).toContain(`${BUNDLE} is missing: building it (npm run build)`);
    expect(first.output).toContain('overlay-ui bundle size');
    const built = statSync(join(scratch, BUNDLE)).mtimeMs;

    const second = prestart();
    expect(second.status, second.output).toBe(0);
    expect(second.output).toContain(`${BUNDLE} is up to date`);
    expect(statSync(join(scratch, BUNDLE)).mtimeMs).toBe(built);
  });

  it("fails the start with vite's error when a changed source does not build", () => {
    const later = new Date(statSync(join(scratch, BUNDLE)).mtimeMs + 60_000);
    const broken = join(scratch, 'overlay-ui/src/index.ts');
    writeFileSync(broken, "import { nothing } from './no-such-module.ts';\nconsole.log(nothing);\n");
    utimesSync(broken, later, later);
    const run = prestart();
    expect(run.status, run.output).not.toBe(0);
    expect(run.output).toContain(`${BUNDLE} is older than overlay-ui/src/index.ts: building it`);
    expect(run.output).toContain('no-such-module');
    expect(run.output).toContain('npm run build failed');
  });
});
