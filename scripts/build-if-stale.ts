/**
 * `npm start`'s prestart: builds the console bundle (`npm run build`) when it is missing or older
 * than its sources, so a fresh clone or a `git pull` serves its own panels. Without vite (a
 * production `npm ci --omit=dev`) it says what to run and lets the overlay start, which serves the
 * editor without the panels. A failed build fails the start with vite's error above.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decide, readBundleStamp, readInputStamps } from './build-if-stale/decide.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const decision = decide(readBundleStamp(root), readInputStamps(root));

if (!decision.build) {
  console.log(`console bundle: ${decision.reason}`);
  process.exit(0);
}

if (!viteInstalled()) {
  console.warn(
    `console bundle: ${decision.reason}, and vite is not installed to build it (a production install, npm ci --omit=dev?).\n` +
      '  Build it where the dev dependencies are: npm ci && npm run build (the Dockerfile and the systemd steps do).\n' +
      '  Starting anyway: the editor works, the console panels are missing or out of date until then.',
  );
  process.exit(0);
}

console.log(`console bundle: ${decision.reason}: building it (npm run build)`);
const build = runNpm(['run', 'build']);
if (build.status !== 0) {
  console.error(`console bundle: npm run build failed${build.error ? ` (${build.error.message})` : ''}; not starting (vite's error is above)`);
  process.exit(build.status || 1);
}

function viteInstalled(): boolean {
  try {
    import.meta.resolve('vite');
    return true;
  } catch {
    return false;
  }
}

/** The npm that runs this script (npm_execpath), else the one on PATH. */
function runNpm(args: string[]) {
  const npm = process.env.npm_execpath;
  const [command, prefix] = npm && /\.[cm]?js$/.test(npm) ? [process.execPath, [npm]] : ['npm', []];
  return spawnSync(command, [...prefix, ...args], { cwd: root, stdio: 'inherit' });
}
