/**
 * Event logs in SQLite: one row per event, indexed by time, so a page, a count and a prune each
 * read only the rows they need. Filters on entry fields use SQLite's JSON functions.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { decode } from './codec.ts';
import { durableTransaction, readTransaction } from './sqlite-db.ts';
import { checkedEvent, checkedEventQuery, checkEventId, checkName, checkTime } from './validate.ts';
import type { EventLogStore, EventQuery } from './types.ts';

export function sqliteEvents(db: DatabaseSync): EventLogStore {
  const sql = {
    append: db.prepare('INSERT INTO event_log (name, id, at, entry) VALUES (?, ?, ?, ?)'),
    get: db.prepare('SELECT entry FROM event_log WHERE name = ? AND id = ?'),
    prune: db.prepare('DELETE FROM event_log WHERE name = ? AND at < ?'),
  };
  // One pair of statements per set of match fields (a handful in practice), prepared once.
  const filtered = new Map<string, { page: StatementSync; count: StatementSync }>();

  function statements(fields: string[]) {
    const signature = fields.join(',');
    let pair = filtered.get(signature);
    if (!pair) {
      // Field names passed matchFields' check (plain identifiers), so they are safe inside the path.
      const where = ['name = ?', 'at >= ?', ...fields.map((field) => `json_extract(entry, '$.${field}') = ?`)].join(' AND ');
      pair = {
        page: db.prepare(`SELECT entry FROM event_log WHERE ${where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`),
        count: db.prepare(`SELECT count(*) AS total FROM event_log WHERE ${where}`),
      };
      filtered.set(signature, pair);
    }
    return pair;
  }

  return {
    async append(name, event) {
      const { id, at, text } = checkedEvent(name, event);
      durableTransaction(db, () => sql.append.run(name, id, at, text));
    },

    async page<E>(name: string, query: EventQuery) {
      const { limit, offset, since, fields } = checkedEventQuery(name, query);
      const { page, count } = statements(fields.map(([field]) => field));
      const args = [name, since, ...fields.map(([, value]) => value)];
      return readTransaction(db, () => {
        const rows = page.all(...args, limit, offset) as unknown as Array<{ entry: string }>;
        const { total } = count.get(...args) as { total: number };
        return { entries: rows.map((row) => decode<E>(row.entry)), total: Number(total) };
      });
    },

    async get<E>(name: string, id: string) {
      checkName(name);
      checkEventId(id);
      const row = sql.get.get(name, id) as { entry: string } | undefined;
      return row ? decode<E>(row.entry) : null;
    },

    async prune(name, before) {
      checkName(name);
      checkTime('before', before);
      return Number(durableTransaction(db, () => sql.prune.run(name, before)).changes);
    },
  };
}
