/**
 * Storage for the overlay: Keyv namespaces plus versioned documents with an append-only log.
 * STORE_URL empty → an embedded SQLite file under dataDir; redis:// or rediss:// → a shared Redis,
 * so several overlay instances see one state.
 */
import { parseStoreUrl } from './url.ts';
import type { OpenStoreOptions, Store } from './types.ts';

export type { DocumentStore, EventLogStore, EventQuery, LogPage, OpenStoreOptions, Store, StoredEvent, VersionedDoc, WriteResult } from './types.ts';
export { redactUrl } from './url.ts';

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const target = parseStoreUrl(options.url);
  // Loaded on demand: a Redis deployment never loads node:sqlite (and its ExperimentalWarning), and vice versa.
  if (target.kind === 'redis') {
    const { openRedisStore } = await import('./redis-store.ts');
    return openRedisStore(target.url, target.description, options.onError);
  }
  const { openSqliteStore } = await import('./sqlite-store.ts');
  return openSqliteStore(options.dataDir);
}
