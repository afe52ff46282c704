import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediamtxYaml } from './test-fixtures.ts';
import { watchInternalUsers, type InternalUsersWatch } from './watch.ts';

const ALICE = [{ user: 'alice', pass: 'a1', permissions: [{ action: 'read' }] }];
const BOB_AND_ANY = [
  { user: 'bob', pass: 'b1', permissions: [{ action: 'publish' }] },
  { user: 'any', ips: ['127.0.0.1'], permissions: [{ action: 'api' }] },
];

let dir: string;
let file: string;
let watcher: InternalUsersWatch | undefined;
let errors: Error[];
let problems: string[][];

function start(): InternalUsersWatch {
  // Polling slower than the test's deadline, so passing proves the directory watch saw the rename.
  watcher = watchInternalUsers(file, {
    onProblems: (list) => problems.push(list),
    onError: (error) => errors.push(error),
    pollIntervalMs: 5_000,
  });
  return watcher;
}

/** How editors and config tools save: write a sibling file, then rename it over the original. */
async function replaceByRename(text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.hrtime.bigint()}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

async function within(ms: number, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const names = (w: InternalUsersWatch) => w.current().map((user) => user.user);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'internal-users-'));
  file = join(dir, 'mediamtx.yml');
  errors = [];
  problems = [];
});

afterEach(async () => {
  watcher?.close();
  watcher = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('watchInternalUsers', () => {
  it('loads at start and follows a rename-replace within a second', async () => {
    await writeFile(file, mediamtxYaml(ALICE));
    const w = start();
    await w.ready;
    expect(names(w)).toEqual(['alice']);
    expect(problems).toEqual([[]]);

    const startedAt = Date.now();
    await replaceByRename(mediamtxYaml(BOB_AND_ANY));
    await within(1_000, () => names(w).join() === 'bob,any');
    expect(Date.now() - startedAt).toBeLessThan(1_000);

    await replaceByRename(mediamtxYaml(ALICE));
    await within(1_000, () => names(w).join() === 'alice');
    expect(errors).toEqual([]);
  });

  it('keeps the last good users when the file turns into invalid YAML or disappears', async () => {
    await writeFile(file, mediamtxYaml(ALICE));
    const w = start();
    await w.ready;

    await replaceByRename('authInternalUsers: [\n  - user: [unclosed\n');
    await within(1_000, () => errors.length === 1);
    expect(errors[0]!.message).toMatch(/invalid YAML: .*; keeping the 1 internal users last loaded/);
    expect(names(w)).toEqual(['alice']);

    await replaceByRename('');
    await within(1_000, () => errors.length === 2);
    expect(errors[1]!.message).toMatch(/empty; keeping/);

    await rm(file);
    await within(1_000, () => errors.length === 3);
    expect(errors[2]!.message).toMatch(/does not exist; keeping the 1 internal users last loaded/);
    expect(names(w)).toEqual(['alice']);

    await replaceByRename(mediamtxYaml(BOB_AND_ANY));
    await within(1_000, () => names(w).join() === 'bob,any');
  });

  it('reports entry problems on each load', async () => {
    await writeFile(file, mediamtxYaml([...ALICE, { user: 'carol', password: 'typo', permissions: [{ action: 'read' }] }]));
    const w = start();
    await w.ready;
    expect(names(w)).toEqual(['alice']);
    expect(problems).toHaveLength(1);
    expect(problems[0]![0]).toMatch(/authInternalUsers\[1\] \(user "carol"\): unknown field "password".*entry skipped/);
  });

  it('starts closed, not with MediaMTX defaults, when the file is missing, and picks it up when it appears', async () => {
    const w = start();
    await w.ready;
    expect(w.current()).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/does not exist; no internal users apply \(MediaMTX's defaults are not assumed\)/);

    await replaceByRename(mediamtxYaml(ALICE));
    await within(1_000, () => names(w).join() === 'alice');
  });

  it('starts closed when the file is invalid at start', async () => {
    await writeFile(file, 'authInternalUsers: [\n');
    const w = start();
    await w.ready;
    expect(w.current()).toEqual([]);
    expect(errors[0]!.message).toMatch(/invalid YAML: .*; no internal users apply/);
  });

  it('applies the loopback-only default only when a readable config leaves the key out', async () => {
    await writeFile(file, 'logLevel: info\n');
    const w = start();
    await w.ready;
    expect(names(w)).toEqual(['any']);
    expect(problems[0]![0]).toMatch(/the overlay does not/);
  });

  it('stops following the file after close', async () => {
    await writeFile(file, mediamtxYaml(ALICE));
    const w = start();
    await w.ready;
    w.close();
    await replaceByRename(mediamtxYaml(BOB_AND_ANY));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(names(w)).toEqual(['alice']);
  });

  it('can follow the file by polling alone', async () => {
    await writeFile(file, mediamtxYaml(ALICE));
    watcher = watchInternalUsers(file, {
      onProblems: () => {},
      onError: (error) => errors.push(error),
      pollIntervalMs: 100,
      watchDirectory: false,
    });
    await watcher.ready;
    await replaceByRename(mediamtxYaml(BOB_AND_ANY));
    await within(1_000, () => names(watcher!).join() === 'bob,any');
  });
});
