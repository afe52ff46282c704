/**
 * A Keyv store adapter over node:sqlite, replacing @keyv/sqlite (whose native `sqlite3` dependency
 * downloads a prebuilt binary). Keyv prefixes keys with `<namespace>:` itself; clear() and iterator()
 * stay inside the namespace Keyv assigns to us. Expects the `keyv` table from sqlite-db.ts.
 */
import { EventEmitter } from 'node:events';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

export interface SqliteKeyvOptions {
  /** Clock for TTLs; tests inject one. */
  now?: () => number;
  /** Shown by Keyv as the adapter's url. */
  url?: string;
}

/** Expired rows are deleted when read, plus one sweep of all of them at most this often. */
const SWEEP_INTERVAL_MS = 60_000;
const ITERATOR_PAGE = 100;

interface Row {
  key: string;
  value: string;
  expires: number | null;
}

function statements(db: DatabaseSync) {
  return {
    get: db.prepare('SELECT key, value, expires FROM keyv WHERE key = ?'),
    getMany: db.prepare('SELECT key, value, expires FROM keyv WHERE key IN (SELECT value FROM json_each(?))'),
    set: db.prepare(`INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires`),
    delete: db.prepare('DELETE FROM keyv WHERE key = ?'),
    deleteMany: db.prepare('DELETE FROM keyv WHERE key IN (SELECT value FROM json_each(?))'),
    // Guarded by `expires` so a concurrent refresh of the same key by another process survives.
    deleteExpired: db.prepare('DELETE FROM keyv WHERE key = ? AND expires = ?'),
    sweep: db.prepare('DELETE FROM keyv WHERE expires IS NOT NULL AND expires <= ?'),
    clearRange: db.prepare('DELETE FROM keyv WHERE key >= ? AND key < ?'),
    clearAll: db.prepare('DELETE FROM keyv'),
    page: db.prepare(`SELECT key, value, expires FROM keyv
      WHERE key >= ? AND (? IS NULL OR key < ?) AND (? IS NULL OR key > ?) ORDER BY key LIMIT ?`),
  } satisfies Record<string, StatementSync>;
}

export class SqliteKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  /** `dialect` is what makes Keyv expose our iterator(). */
  opts: { dialect: 'sqlite'; url: string };
  namespace?: string;
  #sql: ReturnType<typeof statements>;
  #now: () => number;
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(db: DatabaseSync, options: SqliteKeyvOptions = {}) {
    super();
    this.#sql = statements(db);
    this.#now = options.now ?? Date.now;
    this.opts = { dialect: 'sqlite', url: options.url ?? 'sqlite://' };
  }

  // Keyv types the result as the value; what it really gets (and deserialises) is the stored string.
  async get<Value>(key: string): Promise<StoredData<Value>> {
    return this.#live(this.#sql.get.get(key) as Row | undefined) as Value | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    if (keys.length === 0) return [];
    const rows = this.#sql.getMany.all(JSON.stringify(keys)) as unknown as Row[];
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => this.#live(byKey.get(key)) as Value | undefined);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    if (typeof value !== 'string') throw new TypeError(`SqliteKeyvAdapter stores the strings Keyv serialises, got ${typeof value}`);
    const expires = typeof ttl === 'number' && ttl > 0 ? this.#now() + ttl : null;
    this.#sql.set.run(key, value, expires);
    this.#sweepNowAndThen();
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return Number(this.#sql.delete.run(key).changes) > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    if (keys.length === 0) return false;
    return Number(this.#sql.deleteMany.run(JSON.stringify(keys)).changes) > 0;
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** Only this namespace's keys: several Keyv namespaces share the table. */
  async clear(): Promise<void> {
    const range = namespaceRange(this.namespace);
    if (range.to === null) this.#sql.clearAll.run();
    else this.#sql.clearRange.run(range.from, range.to);
  }

  /** Pages by key, so no read transaction stays open across the caller's awaits. */
  async *iterator(namespace?: string): AsyncGenerator<[string, string], void> {
    const { from, to } = namespaceRange(namespace);
    let after: string | null = null;
    for (;;) {
      const rows = this.#sql.page.all(from, to, to, after, after, ITERATOR_PAGE) as unknown as Row[];
      for (const row of rows) {
        const value = this.#live(row);
        if (value !== undefined) yield [row.key, value];
      }
      if (rows.length < ITERATOR_PAGE) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  async disconnect(): Promise<void> {
    // The connection belongs to the Store; closing it here would break the other namespaces.
  }

  #live(row: Row | undefined): string | undefined {
    if (!row) return undefined;
    if (row.expires !== null && row.expires <= this.#now()) {
      this.#sql.deleteExpired.run(row.key, row.expires);
      return undefined;
    }
    return row.value;
  }

  #sweepNowAndThen(): void {
    const now = this.#now();
    if (now - this.#lastSweep < SWEEP_INTERVAL_MS) return;
    this.#lastSweep = now;
    this.#sql.sweep.run(now);
  }
}

/**
 * Keys `<namespace>:…` sort between `<namespace>:` and `<namespace>;` (';' follows ':'), a range the
 * primary key index serves. No namespace: the whole table.
 */
function namespaceRange(namespace: string | undefined): { from: string; to: string | null } {
  return namespace ? { from: `${namespace}:`, to: `${namespace};` } : { from: '', to: null };
}
