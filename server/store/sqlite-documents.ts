/**
 * Versioned documents in SQLite. The compare-and-set runs inside BEGIN IMMEDIATE, so it is atomic
 * across processes sharing the file, and SQLite's WAL makes it all-or-nothing across a crash.
 */
import type { DatabaseSync } from 'node:sqlite';
import { decode, encode } from './codec.ts';
import { durableTransaction, readTransaction } from './sqlite-db.ts';
import { checkName, checkVersion, logWindow } from './validate.ts';
import type { DocumentStore, VersionedDoc, WriteResult } from './types.ts';

interface DocRow {
  version: number;
  data: string;
}

export function sqliteDocuments(db: DatabaseSync): DocumentStore {
  const sql = {
    read: db.prepare('SELECT version, data FROM documents WHERE name = ?'),
    version: db.prepare('SELECT version FROM documents WHERE name = ?'),
    upsert: db.prepare(`INSERT INTO documents (name, version, data) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET version = excluded.version, data = excluded.data`),
    // seq is the version the entry came with: unique per document and ordered like the writes.
    append: db.prepare('INSERT INTO document_log (name, seq, entry) VALUES (?, ?, ?)'),
    logPage: db.prepare('SELECT entry FROM document_log WHERE name = ? ORDER BY seq DESC LIMIT ? OFFSET ?'),
    logCount: db.prepare('SELECT count(*) AS total FROM document_log WHERE name = ?'),
  };

  const toDoc = <T>(row: DocRow | undefined): VersionedDoc<T> | null => (row ? { version: Number(row.version), data: decode<T>(row.data) } : null);

  const storedVersion = (name: string): number => {
    const row = sql.version.get(name) as { version: number } | undefined;
    return row ? Number(row.version) : 0;
  };

  return {
    async read<T>(name: string) {
      checkName(name);
      return toDoc<T>(sql.read.get(name) as DocRow | undefined);
    },

    async version(name: string) {
      checkName(name);
      return storedVersion(name);
    },

    async write<T>(name: string, expectedVersion: number, data: T, logEntry?: unknown): Promise<WriteResult<T>> {
      checkName(name);
      checkVersion(expectedVersion);
      // Serialise before taking the write lock: a bad value must not fail halfway through.
      const dataText = encode(data, 'document data');
      const entryText = logEntry === undefined ? null : encode(logEntry, 'log entry');
      return durableTransaction(db, (): WriteResult<T> => {
        // Only the version decides; the whole (possibly large) document is read only to answer a conflict.
        const current = storedVersion(name);
        if (current !== expectedVersion) return { ok: false, current: toDoc<T>(sql.read.get(name) as DocRow | undefined) };
        const version = current + 1;
        sql.upsert.run(name, version, dataText);
        if (entryText !== null) sql.append.run(name, version, entryText);
        return { ok: true, version };
      });
    },

    async readLog<E = unknown>(name: string, options?: { limit?: number; offset?: number }) {
      checkName(name);
      const { limit, offset } = logWindow(options);
      return readTransaction(db, () => {
        const rows = sql.logPage.all(name, limit, offset) as unknown as Array<{ entry: string }>;
        const { total } = sql.logCount.get(name) as { total: number };
        return { entries: rows.map((row) => decode<E>(row.entry)), total: Number(total) };
      });
    },
  };
}
