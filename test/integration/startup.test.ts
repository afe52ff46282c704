/** The real entry point (`npm start`): what it says first, and how it refuses bad configuration. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { describe, expect, it } from 'vitest';

/** Directory mode settings that pass validation, except that forward auth still needs PROXY_SECRET. */
const DIRECTORY_WITHOUT_SECRET = {
  LDAP_URL: 'ldap://127.0.0.1:1',
  LDAP_BIND_DN: 'cn=svc',
  LDAP_BIND_PASSWORD: 'x',
  EDITOR_ADMIN_USER: 'a',
  EDITOR_ADMIN_PASSWORD: 'a',
  EDITOR_VIEWER_USER: 'v',
  EDITOR_VIEWER_PASSWORD: 'v',
};

const ENTRY = ['--disable-warning=ExperimentalWarning', 'server/main.ts'];

/** Runs the overlay with exactly this environment until it exits or prints its first line. */
async function run(env: Record<string, string>, untilFirstLine = false) {
  const child = spawn(process.execPath, ENTRY, { env: { PATH: process.env.PATH ?? '', ...env }, cwd: process.cwd() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  if (untilFirstLine) {
    while (!stdout.includes('listening') && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  return { code, stdout, stderr };
}

describe('startup', () => {
  it('states the mode and why in its first log line', async () => {
    const { stdout } = await run({ PORT: String(await getPort({ host: '127.0.0.1' })), EDITOR_URL: 'http://127.0.0.1:9' }, true);
    const first = JSON.parse(stdout.split('\n')[0]!);
    expect(first.msg).toBe('mode: vanilla (neither LDAP_URL nor AUTHENTIK_URL is set: pure pass-through to the editor)');
  });

  it('refuses forward-auth directory mode without PROXY_SECRET, naming what is missing', async () => {
    const { code, stderr, stdout } = await run({
      ...DIRECTORY_WITHOUT_SECRET,
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(/PROXY_SECRET: required when IDENTITY=forward-auth .*\(example: PROXY_SECRET=/);
  });

  it('lists every bad value at once and exits non-zero', async () => {
    const { code, stderr } = await run({ PORT: 'http', EDITOR_URL: 'editor', IDENTITY: 'magic' });
    expect(code).toBe(2);
    expect(stderr.split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4).split(':')[0])).toEqual(['PORT', 'EDITOR_URL', 'IDENTITY']);
  });

  it('refuses a RULES_FILE with a bad rule, naming the entry and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-file-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify([{ path: 'cam1', groups: ['vid_public'] }, { path: 'cam2', groups: ['tak_cyan'] }]));
    const { code, stderr } = await run({
      ...DIRECTORY_WITHOUT_SECRET,
      PROXY_SECRET: 'p'.repeat(32),
      DATA_DIR: dir,
      RULES_FILE: file,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr).toMatch(/RULES_FILE .*rules\.json: rules\[1\]\.groups\[0\]: /);
  });
});
