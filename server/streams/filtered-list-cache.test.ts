import { describe, expect, it } from 'vitest';
import { createFilteredListCache } from './filtered-list-cache.ts';

const cache = () => createFilteredListCache<string[]>({ maxBytes: 10, sizeOf: (parts) => parts.join('').length });

describe('createFilteredListCache', () => {
  it('keeps answers within the byte budget, least recently used out first', () => {
    const rules = {};
    const c = cache();
    c.set(rules, 'a', ['aaaa']);
    c.set(rules, 'b', ['bbbb']);
    expect(c.get(rules, 'a')).toEqual(['aaaa']); // a is now the most recently used
    c.set(rules, 'c', ['cccc']);
    expect([c.get(rules, 'a'), c.get(rules, 'b'), c.get(rules, 'c')]).toEqual([['aaaa'], undefined, ['cccc']]);
  });

  it('forgets every answer when the rules change, and keeps none larger than the budget', () => {
    const [before, after] = [{}, {}];
    const c = cache();
    c.set(before, 'a', ['aaaa']);
    expect(c.get(after, 'a')).toBeUndefined();
    c.set(after, 'b', ['bbbb']);
    expect(c.get(before, 'a')).toBeUndefined();
    expect(c.get(after, 'a')).toBeUndefined();
    c.set(after, 'big', ['x'.repeat(11)]);
    expect(c.get(after, 'big')).toBeUndefined();
    expect(c.get(after, 'b')).toEqual(['bbbb']);
    c.set(after, 'empty', []);
    expect(c.get(after, 'empty')).toEqual([]);
  });
});
