/**
 * Versioned documents in Redis. A Lua script does the compare-and-set and the log append in one
 * step (Redis runs scripts atomically), so every instance sharing the Redis sees one linear history.
 * Keys: `overlay:doc:<name>` (hash: version, data) and `overlay:doclog:<name>` (list, newest first).
 */
import { createHash } from 'node:crypto';
import type { createClient } from '@redis/client';
import { decode, encode } from './codec.ts';
import { checkName, checkVersion, logWindow } from './validate.ts';
import type { DocumentStore, VersionedDoc, WriteResult } from './types.ts';

export type RedisClient = ReturnType<typeof createClient>;

const docKey = (name: string) => `overlay:doc:${name}`;
const logKey = (name: string) => `overlay:doclog:${name}`;

// Replies {1, newVersion} on success; {0, currentVersion[, currentData]} when the version moved.
const CAS_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then
  local data = redis.call('HGET', KEYS[1], 'data')
  if data then return {0, current, data} end
  return {0, current}
end
local version = current + 1
redis.call('HSET', KEYS[1], 'version', version, 'data', ARGV[2])
if ARGV[3] == '1' then redis.call('LPUSH', KEYS[2], ARGV[4]) end
return {1, version}
`;
const compareAndSet = luaScript(CAS_SCRIPT);

/**
 * Runs a Lua script with EVALSHA, which saves resending it, and with EVAL when Redis has
 * forgotten it (a restart, SCRIPT FLUSH): every Redis script of the store (documents, event logs) runs through here.
 */
export function luaScript(text: string): (client: RedisClient, keys: string[], args: string[]) => Promise<unknown> {
  const sha = createHash('sha1').update(text).digest('hex');
  return async (client, keys, args) => {
    try {
      return await client.evalSha(sha, { keys, arguments: args });
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(text, { keys, arguments: args });
    }
  };
}

export function redisDocuments(client: RedisClient): DocumentStore {
  return {
    async read<T>(name: string): Promise<VersionedDoc<T> | null> {
      checkName(name);
      const [version, data] = await client.hmGet(docKey(name), ['version', 'data']);
      if (version == null || data == null) return null;
      return { version: Number(version), data: decode<T>(String(data)) };
    },

    async version(name: string) {
      checkName(name);
      const version = await client.hGet(docKey(name), 'version');
      return version == null ? 0 : Number(version);
    },

    async write<T>(name: string, expectedVersion: number, data: T, logEntry?: unknown): Promise<WriteResult<T>> {
      checkName(name);
      checkVersion(expectedVersion);
      const dataText = encode(data, 'document data');
      const entryText = logEntry === undefined ? null : encode(logEntry, 'log entry');
      const reply = (await compareAndSet(
        client,
        [docKey(name), logKey(name)],
        [String(expectedVersion), dataText, entryText === null ? '0' : '1', entryText ?? ''],
      )) as [number, number, string?];
      const [ok, version, current] = reply;
      if (ok === 1) return { ok: true, version: Number(version) };
      return { ok: false, current: current === undefined ? null : { version: Number(version), data: decode<T>(current) } };
    },

    async readLog<E = unknown>(name: string, options?: { limit?: number; offset?: number }) {
      checkName(name);
      const { limit, offset } = logWindow(options);
      if (limit === 0) return { entries: [], total: Number(await client.lLen(logKey(name))) };
      // One MULTI so the page and the total describe the same moment.
      const [total, entries] = (await client
        .multi()
        .lLen(logKey(name))
        .lRange(logKey(name), offset, offset + limit - 1)
        .exec()) as unknown as [number, string[]];
      return { entries: entries.map((entry) => decode<E>(entry)), total: Number(total) };
    },
  };
}
