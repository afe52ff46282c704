/** The embedded backend: one SQLite file under dataDir holding Keyv namespaces and documents. */
import { Keyv } from 'keyv';
import { openSqliteFile } from './sqlite-db.ts';
import { sqliteDocuments } from './sqlite-documents.ts';
import { sqliteEvents } from './sqlite-events.ts';
import { SqliteKeyvAdapter } from './sqlite-keyv.ts';
import { checkNamespace } from './validate.ts';
import type { Store } from './types.ts';

export function openSqliteStore(dataDir: string): Store {
  const { db, path } = openSqliteFile(dataDir);
  const url = `sqlite://${path}`;
  const namespaces = new Map<string, Keyv>();
  let closed = false;

  return {
    kind: 'sqlite',
    description: url,
    keyv<T>(namespace: string): Keyv<T> {
      checkNamespace(namespace);
      let keyv = namespaces.get(namespace);
      if (!keyv) {
        keyv = new Keyv(new SqliteKeyvAdapter(db, { url }), { namespace });
        namespaces.set(namespace, keyv);
      }
      return keyv as Keyv<T>;
    },
    documents: sqliteDocuments(db),
    events: sqliteEvents(db),
    async ping() {
      // Touches the file (schema and a page), unlike SELECT 1.
      db.prepare('SELECT name FROM documents LIMIT 1').get();
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
