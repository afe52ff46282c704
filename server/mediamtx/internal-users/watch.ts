/**
 * Keeps the internal users of a mediamtx.yml current. Editors and config tools replace the file by
 * writing a temporary file and renaming it over the old one, which a watch on the file itself would
 * lose (it follows the old inode), so the directory is watched for the file's name. A stat poll runs
 * as well, for filesystems where directory events do not arrive (network mounts, some containers).
 *
 * Failure policy: a file that becomes unreadable, empty or invalid YAML keeps the last good users.
 * A file that is missing or invalid at start means no internal users (closed) — never MediaMTX's
 * defaults, which would let anyone publish and read.
 */
import { createHash } from 'node:crypto';
import { unwatchFile, watch, watchFile, type FSWatcher, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Argon2Verifier } from './argon2.ts';
import { readInternalUsersDocument } from './parse.ts';
import type { InternalUser } from './types.ts';

export interface WatchInternalUsersOptions {
  /** Called after every successful (re)load, with [] when the file has no problems. */
  onProblems(problems: string[]): void;
  onError(error: Error): void;
  /** Collapses the bursts of events one save produces. */
  debounceMs?: number;
  pollIntervalMs?: number;
  /** false = poll only (for mounts where directory events never arrive, or to save inotify watches). */
  watchDirectory?: boolean;
  verifier?: Argon2Verifier;
}

export interface InternalUsersWatch {
  current(): InternalUser[];
  close(): void;
  /** Settles after the first load attempt; never rejects (failures go to onError). */
  ready: Promise<void>;
}

export function watchInternalUsers(file: string, options: WatchInternalUsersOptions): InternalUsersWatch {
  const path = resolve(file);
  const debounceMs = options.debounceMs ?? 50;
  let users: InternalUser[] = [];
  let loaded = false;
  let lastDigest: string | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let rerun = false;

  // A throwing logger must not stop the watch.
  const report = (error: Error) => {
    if (closed) return;
    try {
      options.onError(error);
    } catch {
      // A failing reporter must not stop the watch.
    }
  };
  const keeping = () => (loaded ? `keeping the ${users.length} internal users last loaded` : 'no internal users apply');

  async function load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      lastDigest = null;
      const code = (error as NodeJS.ErrnoException).code;
      const what = code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
      const extra = loaded ? '' : " (MediaMTX's defaults are not assumed)";
      report(new Error(`MediaMTX config ${path} ${what}; ${keeping()}${extra}`));
      return;
    }
    const digest = createHash('sha256').update(text).digest('hex');
    if (digest === lastDigest || closed) return;
    lastDigest = digest;
    let parsed;
    try {
      parsed = readInternalUsersDocument(text, { verifier: options.verifier });
    } catch (error) {
      report(new Error(`MediaMTX config ${path}: ${(error as Error).message}; ${keeping()}`));
      return;
    }
    users = parsed.users;
    loaded = true;
    try {
      options.onProblems(parsed.problems);
    } catch {
      // A failing reporter must not stop the watch.
    }
  }

  function run(): Promise<void> {
    if (running) {
      rerun = true;
      return running;
    }
    running = load()
      .catch((error: unknown) => report(error as Error))
      .finally(() => {
        running = null;
        if (rerun && !closed) {
          rerun = false;
          void run();
        }
      });
    return running;
  }

  function schedule(): void {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
  }

  let directoryWatcher: FSWatcher | undefined;
  try {
    if (options.watchDirectory === false) throw new Error('polling only');
    directoryWatcher = watch(dirname(path), { persistent: false }, (_event, name) => {
      if (!name || name === basename(path)) schedule();
    });
    // The poll below still covers the file if the directory watch dies (e.g. the directory is removed).
    directoryWatcher.on('error', () => directoryWatcher?.close());
  } catch {
    directoryWatcher = undefined;
  }
  const onStat = (now: Stats, before: Stats) => {
    if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size) schedule();
  };
  watchFile(path, { interval: options.pollIntervalMs ?? 1000, persistent: false }, onStat);

  return {
    current: () => users,
    close() {
      closed = true;
      clearTimeout(timer);
      directoryWatcher?.close();
      unwatchFile(path, onStat);
    },
    ready: run(),
  };
}
