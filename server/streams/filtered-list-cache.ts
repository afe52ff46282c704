/**
 * Filtered Active Streams answers, ready to send, keyed by what makes them differ: the rules
 * (one cache per compiled version), the role and groups, and the editor's bytes. The page polls
 * every 5 s with an unchanged list, so most polls skip parsing, deciding and encoding entirely.
 * Bounded by bytes, least recently used out first.
 */
export function createFilteredListCache<T>(options: { maxBytes: number; sizeOf: (value: T) => number }) {
  let forRules: object | null = null;
  let entries = new Map<string, { value: T; bytes: number }>();
  let bytes = 0;

  return {
    get(rules: object, key: string): T | undefined {
      if (rules !== forRules) return undefined;
      const hit = entries.get(key);
      if (!hit) return undefined;
      entries.delete(key);
      entries.set(key, hit);
      return hit.value;
    },
    set(rules: object, key: string, value: T): void {
      if (rules !== forRules) {
        // New rules: every cached answer is stale at once.
        forRules = rules;
        entries = new Map();
        bytes = 0;
      }
      const size = options.sizeOf(value);
      if (size > options.maxBytes) return;
      const old = entries.get(key);
      if (old) bytes -= old.bytes;
      entries.delete(key);
      entries.set(key, { value, bytes: size });
      bytes += size;
      for (const [oldest, entry] of entries) {
        if (bytes <= options.maxBytes) break;
        entries.delete(oldest);
        bytes -= entry.bytes;
      }
    },
  };
}

export type FilteredListCache<T> = ReturnType<typeof createFilteredListCache<T>>;
