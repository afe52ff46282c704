/** Shared by the deployment tests: the repository root and the system tools they run. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

export const readRepoFile = (path: string) => readFileSync(`${ROOT}/${path}`, 'utf8');
export const readRepoYaml = <T>(path: string) => parse(readRepoFile(path)) as T;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a system tool. A missing one fails the test with how to get it: these checks are never
 * skipped quietly (`bash scripts/ensure-system-deps.sh` installs them, as `npm test` does).
 */
export function runTool(tool: string, debianPackage: string, args: string[], options: SpawnSyncOptions = {}): RunResult {
  const run = spawnSync(tool, args, { cwd: ROOT, encoding: 'utf8', timeout: 20_000, ...options });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${tool} is not installed: run \`bash scripts/ensure-system-deps.sh\` (Debian package ${debianPackage})`);
  }
  if (run.error) throw run.error;
  return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr) };
}

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`: the names a compose file interpolates. */
export function interpolatedNames(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}/g)].map((m) => m[1]!));
}

/** Names that hold credentials: their values must come from the environment, never from a file in the repo. */
export const isSecretName = (name: string) => /(PASSWORD|SECRET|TOKEN)$|PRIVATE_KEY/.test(name);
