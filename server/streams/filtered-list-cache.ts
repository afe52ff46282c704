import { LRUCache } from 'lru-cache';

/**
 * Filtered Active Streams answers, ready to send, keyed by what makes them differ: the rules
 * (one cache per compiled version), the role and groups, and the editor's bytes. The page polls
 * every 5 s with an unchanged list, so most polls skip parsing, deciding and encoding entirely.
 * Bounded by bytes, least recently used out first (a hit counts as a use); an answer larger than
 * the whole budget is not kept.
 */
export function createFilteredListCache<T extends NonNullable<unknown>>(options: { maxBytes: number; sizeOf: (value: T) => number }) {
  // lru-cache takes only positive sizes; an empty answer still costs its entry.
  const sizeCalculation = (value: T) => Math.max(1, options.sizeOf(value));
  const entries = new LRUCache<string, T>({ maxSize: options.maxBytes, sizeCalculation });
  let forRules: object | null = null;

  return {
    get(rules: object, key: string): T | undefined {
      return rules === forRules ? entries.get(key) : undefined;
    },
    set(rules: object, key: string, value: T): void {
      if (rules !== forRules) {
        // New rules: every cached answer is stale at once.
        forRules = rules;
        entries.clear();
      }
      entries.set(key, value);
    },
  };
}

export type FilteredListCache<T extends NonNullable<unknown>> = ReturnType<typeof createFilteredListCache<T>>;
