/**
 * kill -9 of a writer in the middle of its writes: the file must open to a complete, self-consistent
 * document and a log that matches it, never to a torn or older state.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from './index.ts';
import { SQLITE_FILE } from './sqlite-db.ts';
import { ITEMS, type CrashDoc } from './fixtures/crash-doc.ts';

const WRITER = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));
const DOC = 'crash-rules';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overlay-crash-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the writer until it has written at least once, lets it race for a random while, then SIGKILLs it. */
async function runAndKill(): Promise<void> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', WRITER, dir, DOC], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('ready')) resolve();
      });
      void exited.then(({ code }) => reject(new Error(`writer exited early (code ${code}):\n${output}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 400));
  } finally {
    child.kill('SIGKILL');
  }
  const { signal } = await exited;
  expect(signal).toBe('SIGKILL'); // it was still writing, not finished or crashed on its own
}

it('keeps the document whole and consistent across three kill -9s of a writer', { timeout: 60_000 }, async () => {
  let previous = 0;
  for (let round = 0; round < 3; round++) {
    await runAndKill();

    const check = new DatabaseSync(join(dir, SQLITE_FILE));
    try {
      expect(check.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    } finally {
      check.close();
    }

    const store = await openStore({ dataDir: dir });
    try {
      const doc = await store.documents.read<CrashDoc>(DOC);
      expect(doc).not.toBeNull();
      const { version, data } = doc!;
      expect(version).toBeGreaterThan(previous); // the writer got somewhere, and nothing committed was lost
      expect(data.version).toBe(version);
      expect(data.items).toHaveLength(ITEMS);
      expect(data.items.every((item, i) => item.i === i && item.version === version)).toBe(true);
      expect(await store.documents.version(DOC)).toBe(version);
      const log = await store.documents.readLog<{ version: number }>(DOC, { limit: 1 });
      expect(log.total).toBe(version);
      expect(log.entries).toEqual([{ version }]);
      previous = version;
    } finally {
      await store.close();
    }
  }
});
