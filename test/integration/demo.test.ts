/** The README's demo command works: `scripts/demo.ts --check` starts everything, signs in, stops. */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('runs the demo end to end and leaves nothing behind', () => {
  const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', 'scripts/demo.ts', '--check'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stdout).not.toMatch(/FAIL/);
  expect(run.stdout).toMatch(/PASS/);
  expect(run.status).toBe(0);
}, 70_000);
