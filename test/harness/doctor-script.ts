/** Runs `scripts/doctor.ts` as `npm run doctor` would, with exactly the given environment. */
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/doctor.ts', import.meta.url));
/** A hung script is killed rather than left behind. */
const KILL_AFTER_MS = 30_000;

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runDoctorScript(env: Record<string, string>): Promise<ScriptRun> {
  // cwd outside the repository, so a developer's .env cannot add to the environment under test.
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', SCRIPT], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: KILL_AFTER_MS,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
