/** Builders shared by the rules unit tests. */
import type { Rule } from './types.ts';

/** A stored rule for `path` granting `groups`; who and when are fixed so results compare exactly. */
export function rule(path: string, ...groups: string[]): Rule {
  return { path, groups, updatedBy: 'test', updatedAt: '2025-01-01T00:00:00.000Z' };
}
