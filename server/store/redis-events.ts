/**
 * Event logs in Redis: a sorted set of ids scored by time (`overlay:events:<name>`) beside a hash of
 * the entries by id (`overlay:eventdata:<name>`). Appending and pruning touch both in one Lua
 * script (atomic); a page is one ZRANGE and one HMGET. Filters on entry fields are applied here,
 * over the ids in the time window: the activity log is small (people's changes, bounded by
 * ACTIVITY_RETENTION), so no secondary index is kept.
 */
import { decode } from './codec.ts';
import { luaScript, type RedisClient } from './redis-documents.ts';
import { checkedEvent, checkedEventQuery, checkEventId, checkName, checkTime } from './validate.ts';
import type { EventLogStore, EventQuery } from './types.ts';

const orderKey = (name: string) => `overlay:events:${name}`;
const dataKey = (name: string) => `overlay:eventdata:${name}`;
/** How many entries one HMGET fetches while filtering. */
const BATCH = 500;

const APPEND_SCRIPT = `
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`;
// Deletes in slices: unpack() of a very long list would overflow Lua's stack.
const PRUNE_SCRIPT = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
for i = 1, #ids, 500 do
  redis.call('HDEL', KEYS[2], unpack(ids, i, math.min(i + 499, #ids)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
return #ids
`;
const appendEvent = luaScript(APPEND_SCRIPT);
const pruneEvents = luaScript(PRUNE_SCRIPT);

export function redisEvents(client: RedisClient): EventLogStore {
  async function entries(name: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const texts = await client.hmGet(dataKey(name), ids);
    // An id pruned between the two reads has no entry any more: it is simply gone.
    return texts.filter((text): text is string => typeof text === 'string');
  }

  return {
    async append(name, event) {
      const { id, at, text } = checkedEvent(name, event);
      const added = Number(await appendEvent(client, [orderKey(name), dataKey(name)], [id, String(at), text]));
      if (added !== 1) throw new Error(`event ${id} is already in the log ${name}`);
    },

    async page<E>(name: string, query: EventQuery) {
      const { limit, offset, since, fields } = checkedEventQuery(name, query);
      if (fields.length === 0) {
        const [total, ids] = (await client
          .multi()
          .zCount(orderKey(name), since, '+inf')
          .zRange(orderKey(name), '+inf', since, { BY: 'SCORE', REV: true, LIMIT: { offset, count: limit } })
          .exec()) as unknown as [number, string[]];
        const page = limit === 0 ? [] : await entries(name, ids);
        return { entries: page.map((text) => decode<E>(text)), total: Number(total) };
      }
      const ids = await client.zRange(orderKey(name), '+inf', since, { BY: 'SCORE', REV: true });
      const matching: E[] = [];
      let total = 0;
      for (let i = 0; i < ids.length; i += BATCH) {
        for (const text of await entries(name, ids.slice(i, i + BATCH))) {
          const entry = decode<Record<string, unknown>>(text);
          if (!fields.every(([field, value]) => entry[field] === value)) continue;
          if (total >= offset && matching.length < limit) matching.push(entry as E);
          total += 1;
        }
      }
      return { entries: matching, total };
    },

    async get<E>(name: string, id: string) {
      checkName(name);
      checkEventId(id);
      const text = await client.hGet(dataKey(name), id);
      return text == null ? null : decode<E>(String(text));
    },

    async prune(name, before) {
      checkName(name);
      checkTime('before', before);
      return Number(await pruneEvents(client, [orderKey(name), dataKey(name)], [String(before)]));
    },
  };
}
