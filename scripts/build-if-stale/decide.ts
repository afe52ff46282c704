/**
 * Whether the console bundle must be built before `npm start`: it is missing, or older than one of
 * the files `npm run build` reads. Reading the times is separate from deciding, so the decision
 * is a pure function.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The bundle `npm run build` writes (server/ui/bundle.ts serves it), relative to the repository. */
export const BUNDLE = 'overlay-ui/dist/overlay.js';

/**
 * What vite's build reads: the UI's sources, its config, the tsconfig it takes class-field and
 * target settings from, and the lock file that pins lit and vite themselves (it changes on every
 * dependency update). Files, or folders read whole.
 */
export const BUILD_INPUTS = ['overlay-ui/src', 'overlay-ui/vite.config.ts', 'overlay-ui/tsconfig.json', 'package-lock.json'] as const;

export interface Stamp {
  /** Relative to the repository root. */
  path: string;
  mtimeMs: number;
}

export type Decision = { build: false; reason: string } | { build: true; reason: string };

/** The decision itself: build when there is no bundle or any input changed after it was written. */
export function decide(bundle: Stamp | null, inputs: readonly Stamp[]): Decision {
  if (!bundle) return { build: true, reason: `${BUNDLE} is missing` };
  const newest = inputs.reduce<Stamp | null>((a, b) => (a && a.mtimeMs >= b.mtimeMs ? a : b), null);
  if (newest && newest.mtimeMs > bundle.mtimeMs) return { build: true, reason: `${bundle.path} is older than ${newest.path}` };
  return { build: false, reason: `${bundle.path} is up to date` };
}

/** The bundle's time, or null when it is not a file. */
export function readBundleStamp(root: string, bundle = BUNDLE): Stamp | null {
  const info = statSync(join(root, bundle), { throwIfNoEntry: false });
  return info?.isFile() ? { path: bundle, mtimeMs: info.mtimeMs } : null;
}

/**
 * Every file under the inputs, and the folders themselves (a folder's time moves when a file in it
 * is added, removed or renamed); an input that does not exist is left out.
 */
export function readInputStamps(root: string, inputs: readonly string[] = BUILD_INPUTS): Stamp[] {
  const stamps: Stamp[] = [];
  const visit = (absolute: string) => {
    const info = statSync(absolute, { throwIfNoEntry: false });
    if (!info) return;
    stamps.push({ path: relative(root, absolute), mtimeMs: info.mtimeMs });
    if (info.isDirectory()) for (const name of readdirSync(absolute)) visit(join(absolute, name));
  };
  for (const input of inputs) visit(join(root, input));
  return stamps;
}
