/** Opens (and if needed creates) the embedded store's SQLite file, tuned for several processes and crashes. */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export const SQLITE_FILE = 'overlay.sqlite';
/** How long a writer waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS keyv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER);
CREATE INDEX IF NOT EXISTS keyv_expires ON keyv (expires) WHERE expires IS NOT NULL;
CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS document_log (
  name TEXT NOT NULL,
  seq INTEGER NOT NULL,
  entry TEXT NOT NULL,
  PRIMARY KEY (name, seq)
);
CREATE TABLE IF NOT EXISTS event_log (name TEXT NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (name, id));
CREATE INDEX IF NOT EXISTS event_log_at ON event_log (name, at);
`;

export function openSqliteFile(dataDir: string): { db: DatabaseSync; path: string } {
  // Sessions and signing keys live here: keep the directory private when we are the ones creating it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, SQLITE_FILE);
  const db = new DatabaseSync(path);
  try {
    // Opening created the file; SQLite gives the -wal and -shm files it creates next the same mode.
    // Best effort: the file may belong to someone else.
    try {
      chmodSync(path, 0o600);
    } catch {
      /* keep the operator's mode */
    }
    // Before anything else, so even the WAL switch waits for a concurrent opener instead of failing.
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    whileBusy(() => db.exec('PRAGMA journal_mode = WAL'));
    // NORMAL in WAL mode survives a process crash intact; only an OS crash or power cut may drop the newest
    // commits. Good enough for caches and sessions, and it spares every Keyv set an fsync that would block
    // the event loop. Documents commit durably; see durableTransaction.
    db.exec('PRAGMA synchronous = NORMAL');
    whileBusy(() => db.exec(SCHEMA));
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, path };
}

/**
 * Two processes opening a new file at once: the journal-mode switch can fail with SQLITE_BUSY at
 * once, without the busy handler, when SQLite sees a lock it must not wait for. A short, bounded
 * retry lets the second opener in after the first has finished.
 */
function whileBusy(step: () => void): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      step();
      return;
    } catch (err) {
      const busy = (err as { errcode?: number }).errcode === 5;
      if (!busy || Date.now() > deadline) throw err;
      // The open is synchronous by design (startup); sleep without spinning.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/**
 * Runs `body` inside BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so no other process
 * interleaves. The commit fsyncs the WAL (synchronous = FULL for this transaction only), so an
 * acknowledged document write also survives a power cut, together with everything committed before it.
 */
export function durableTransaction<R>(db: DatabaseSync, body: () => R): R {
  db.exec('PRAGMA synchronous = FULL');
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = body();
      db.exec('COMMIT');
      return result;
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    db.exec('PRAGMA synchronous = NORMAL');
  }
}

/** A read-only snapshot, so related SELECTs see the same state even while another process writes. */
export function readTransaction<R>(db: DatabaseSync, body: () => R): R {
  db.exec('BEGIN');
  try {
    return body();
  } finally {
    if (db.isTransaction) db.exec('COMMIT');
  }
}
