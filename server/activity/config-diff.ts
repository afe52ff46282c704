/**
 * The changed keys between two readings of MediaMTX's YAML: dotted paths (list items by index),
 * before and after as JSON values, every secret redacted (redact.ts). Nothing here ever reports
 * the YAML text itself: a parse error's message quotes the offending line, so it is dropped.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import type { ActivityDiffLine } from '../contract.ts';
import { isSecretKey, REDACTED, redactTree } from './redact.ts';
import { isPlainObject } from './plain-object.ts';

/** Enough for any save through the editor's forms; a wholesale YAML replace is cut here. */
export const MAX_DIFF_LINES = 200;
/** A value longer than this as JSON (a whole new paths section) is kept as its size only. */
const MAX_VALUE_JSON = 2_000;
/** A key's dotted name is cut here: a YAML key can be megabytes long. */
export const MAX_KEY_CHARS = 300;
/** The lines kept for one entry, as JSON, stop here (every change is still counted): each entry stays small in the store and in a page of them. */
export const MAX_DIFF_CHARS = 64_000;

export interface ConfigDiff {
  lines: ActivityDiffLine[];
  /** How many keys changed, also when more than MAX_DIFF_LINES were. */
  changed: number;
}

/** The parsed document, or null when the text is not YAML (its error message is never passed on). */
export function parseConfig(text: string): unknown {
  try {
    // logLevel error: errors throw (and are dropped below), warnings are not printed with the text they quote.
    return parse(text, { maxAliasCount: 100, logLevel: 'error' }) ?? {};
  } catch {
    return null;
  }
}

export function diffConfig(before: unknown, after: unknown): ConfigDiff {
  const lines: ActivityDiffLine[] = [];
  let changed = 0;
  let size = 2; // the list's brackets, as JSON
  const emit = (key: string, a: unknown, b: unknown, secret: boolean) => {
    changed += 1;
    if (lines.length >= MAX_DIFF_LINES || size > MAX_DIFF_CHARS) return;
    const name = key || '(whole file)';
    const line = { key: name.length > MAX_KEY_CHARS ? `${name.slice(0, MAX_KEY_CHARS - 1)}…` : name, before: shown(a, secret), after: shown(b, secret) };
    const lineSize = JSON.stringify(line).length + 1;
    // Once over budget no line more, also a smaller one later: the kept lines are the first ones, in order.
    size += lineSize;
    if (size <= MAX_DIFF_CHARS) lines.push(line);
  };

  function walk(key: string, a: unknown, b: unknown, secret: boolean): void {
    if (isDeepStrictEqual(a, b)) return;
    if (!secret && isPlainObject(a) && isPlainObject(b)) {
      for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) walk(join(key, name), a[name], b[name], isSecretKey(name));
      return;
    }
    if (!secret && Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${key}[${i}]`, a[i], b[i], false);
      return;
    }
    emit(key, a, b, secret);
  }

  walk('', before, after, false);
  return { lines, changed };
}

/** What a diff line shows: absent as null, a secret as "<redacted>" (even an empty one), the rest redacted inside. */
function shown(value: unknown, secret: boolean): unknown {
  if (value === undefined) return null;
  if (secret) return REDACTED;
  const redacted = redactTree(value);
  const json = JSON.stringify(redacted);
  return json !== undefined && json.length > MAX_VALUE_JSON ? `<${json.length} characters of JSON, too long to keep>` : redacted;
}

/** `paths.cam1`, or `paths["live/cam.1"]` when the name is not a plain word. */
function join(parent: string, name: string): string {
  const plain = /^[A-Za-z0-9_-]+$/.test(name);
  if (!parent) return plain ? name : `[${JSON.stringify(name)}]`;
  return plain ? `${parent}.${name}` : `${parent}[${JSON.stringify(name)}]`;
}
