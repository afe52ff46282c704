/**
 * deploy/systemd/mediamtx-ldap-overlay.service with systemd's own checker. `systemd-analyze verify`
 * insists that ExecStart's binary exists, so the test checks a copy in which the install root
 * /opt/mediamtx-ldap-overlay is replaced by this checkout: after `npm ci` it has the same layout
 * (node_modules/node/bin/node, server/main.ts). Nothing else in the unit is changed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAndWait } from '../harness/owned-process.ts';
import { readRepoFile, ROOT, runTool } from './tools.ts';

const NAME = 'mediamtx-ldap-overlay.service';
const INSTALL_ROOT = '/opt/mediamtx-ldap-overlay';

let dir: string;
let unitPath: string;

/** `Key=value` lines of the [Service] section; a key may repeat. */
function serviceSettings(text: string): Map<string, string[]> {
  const section = text.split(/^\[Service\]$/m)[1]!.split(/^\[/m)[0]!;
  const settings = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  return settings;
}

const settings = () => serviceSettings(readRepoFile(`deploy/systemd/${NAME}`));
const one = (key: string) => settings().get(key)?.at(-1);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overlay-unit-'));
  unitPath = join(dir, NAME);
  await writeFile(unitPath, readRepoFile(`deploy/systemd/${NAME}`).replaceAll(INSTALL_ROOT, ROOT));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`deploy/systemd/${NAME}`, () => {
  it('passes systemd-analyze verify without a single warning', () => {
    const run = runTool('systemd-analyze', 'systemd', ['verify', unitPath]);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('rates as well hardened by systemd-analyze security (exposure 2.0 or lower)', () => {
    const run = runTool('systemd-analyze', 'systemd', ['security', '--offline=yes', '--no-pager', unitPath]);
    const exposure = /Overall exposure level for [^:]+: ([\d.]+)/.exec(run.stdout);
    expect(exposure, run.stdout + run.stderr).not.toBeNull();
    expect(Number(exposure![1])).toBeLessThanOrEqual(2.0);
  });

  it('runs as an unprivileged user from an env file, restarting on failure but not on bad config', () => {
    expect(one('User')).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(['root', '0']).not.toContain(one('User'));
    expect(one('EnvironmentFile')).toBe('/etc/mediamtx-ldap-overlay/overlay.env');
    expect(one('Restart')).toBe('on-failure');
    expect(one('RestartPreventExitStatus')).toBe('2');
  });

  it('is hardened and may write only its data directory', () => {
    expect(Object.fromEntries([...settings()].map(([key, values]) => [key, values.at(-1)]))).toMatchObject({
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      CapabilityBoundingSet: '',
      AmbientCapabilities: '',
      RestrictAddressFamilies: 'AF_INET AF_INET6 AF_UNIX',
    });
    const dataDir = settings()
      .get('Environment')!
      .map((e) => /^DATA_DIR=(.+)$/.exec(e)?.[1])
      .find(Boolean);
    expect(dataDir).toBe('/var/lib/mediamtx-ldap-overlay');
    expect(settings().get('ReadWritePaths')).toEqual([dataDir]);
    expect(`/var/lib/${one('StateDirectory')}`).toBe(dataDir);
  });

  it('starts the overlay with its ExecStart from its WorkingDirectory, as `npm start` does', async () => {
    const workingDirectory = one('WorkingDirectory')!.replace(INSTALL_ROOT, ROOT);
    const [command, ...args] = one('ExecStart')!.replace(INSTALL_ROOT, ROOT).split(' ');
    const npmStart = (JSON.parse(readRepoFile('package.json')) as { scripts: { start: string } }).scripts.start;
    expect(['node', ...args].join(' ')).toBe(npmStart);

    const port = await getPort({ host: '127.0.0.1' });
    const dataDir = await mkdtemp(join(tmpdir(), 'overlay-unit-data-'));
    const child = spawn(command!, args, {
      cwd: workingDirectory,
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, EDITOR_URL: 'http://127.0.0.1:9' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d));
    child.stderr!.on('data', (d: Buffer) => (output += d));
    try {
      let health: { mode?: string } | undefined;
      for (let attempt = 0; attempt < 100 && !health; attempt++) {
        if (child.exitCode !== null) throw new Error(`the overlay exited (${child.exitCode}): ${output}`);
        health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.json() as Promise<{ mode?: string }>,
          () => undefined,
        );
        if (!health) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(health, output).toMatchObject({ mode: 'vanilla' });
    } finally {
      await killAndWait(child);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
