/** The shared backend: one Redis connection for Keyv namespaces (through @keyv/redis) and documents. */
import KeyvRedis from '@keyv/redis';
import { createClient } from '@redis/client';
import { Keyv } from 'keyv';
import { redisDocuments, type RedisClient } from './redis-documents.ts';
import { redisEvents } from './redis-events.ts';
import { checkNamespace } from './validate.ts';
import type { Store } from './types.ts';

const CONNECT_TIMEOUT_MS = 5000;
/** At open, a few quick retries before reporting Redis unreachable; afterwards, retry forever. */
const OPEN_ATTEMPTS = 3;
const PING_TIMEOUT_MS = 2000;
/** Keyv keys become `overlay:kv:<namespace>::<key>`, out of the way of anything else sharing the Redis. */
const KEYV_PREFIX = 'overlay:kv:';

/**
 * @keyv/redis connects the client itself whenever it finds it closed; after Store.close() that would
 * quietly reopen our connection and keep the process alive. A closed Store stays closed.
 */
class NamespaceAdapter extends KeyvRedis<unknown> {
  #closed: () => boolean;

  constructor(client: RedisClient, namespace: string, closed: () => boolean) {
    super(client, { namespace });
    this.#closed = closed;
  }

  override async getClient() {
    if (this.#closed()) throw new Error('the store is closed');
    return super.getClient();
  }
}

export async function openRedisStore(url: string, description: string, onError: (error: Error) => void = () => {}): Promise<Store> {
  let connected = false;
  const client: RedisClient = createClient({
    url,
    // Fail fast while Redis is away: a request erroring beats one hanging on a queue that may never drain.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number, cause: Error) => {
        if (!connected && retries >= OPEN_ATTEMPTS - 1) return cause;
        return Math.min(100 * 2 ** retries, 2000);
      },
    },
  });
  // Without a listener, an 'error' event (e.g. a dropped connection) would crash the process.
  client.on('error', (err: Error) => {
    if (connected) onError(err);
  });
  try {
    await client.connect();
    connected = true;
  } catch (err) {
    // A client that gave up on connecting is closed already; destroy() then throws "The client is closed".
    if (client.isOpen) client.destroy();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot reach Redis at ${description} (STORE_URL): ${reason}`, { cause: err });
  }

  const namespaces = new Map<string, Keyv>();
  let closed = false;

  return {
    kind: 'redis',
    description,
    keyv<T>(namespace: string): Keyv<T> {
      checkNamespace(namespace);
      let keyv = namespaces.get(namespace);
      if (!keyv) {
        const prefixed = KEYV_PREFIX + namespace;
        // @keyv/redis prefixes keys itself; Keyv's own `namespace:` prefix would double it.
        keyv = new Keyv(new NamespaceAdapter(client, prefixed, () => closed), { namespace: prefixed, useKeyPrefix: false });
        namespaces.set(namespace, keyv);
      }
      return keyv as Keyv<T>;
    },
    documents: redisDocuments(client),
    events: redisEvents(client),
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis at ${description} did not answer PING within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
      });
      try {
        await Promise.race([client.ping(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // close() lets queued commands finish; destroy() is the fallback when Redis is already gone.
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    },
  };
}
