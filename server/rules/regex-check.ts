import { RuleInputError } from './rule-input-error.ts';

// Regex selectors are compiled by JavaScript here but by Go RE2 in MediaMTX (once a rule becomes a
// JWT permission), and RE2 refuses what it cannot run in linear time. Accepting only what both
// engines read alike keeps one rule meaning one thing everywhere. The check is a small scanner,
// not a parser: JavaScript's own compile (with the `u` flag, which is strict about escapes) catches
// malformed patterns; this catches well-formed JavaScript that RE2 lacks or that backtracks badly.

interface OpenGroup {
  /** Whether anything inside repeats; repeating such a group again is nested repetition. */
  repeats: boolean;
}

function refuse(selector: string, what: string, hint: string): never {
  throw new RuleInputError('path', `"${selector}" uses ${what}, which MediaMTX's regex engine (Go RE2) does not support; ${hint}`);
}

/** Length of the quantifier starting at `i` and whether it can repeat its atom; 0 when none. */
function quantifierAt(pattern: string, i: number): { length: number; repeats: boolean } {
  const char = pattern[i];
  if (char === '*' || char === '+') return { length: 1, repeats: true };
  if (char === '?') return { length: 1, repeats: false };
  if (char !== '{') return { length: 0, repeats: false };
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
  if (!match) return { length: 0, repeats: false };
  const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
  return { length: match[0].length, repeats: max > 1 };
}

/** Throws a RuleInputError (field `path`) for constructs RE2 lacks and for nested repetition. */
export function checkPortableRegex(selector: string, pattern: string): void {
  const groups: OpenGroup[] = [{ repeats: false }];
  let inClass = false;
  let lastAtomWasRepeatingGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    let atomIsRepeatingGroup = false;
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next)) refuse(selector, `the backreference \\${next}`, 'match the text again explicitly instead.');
      if (next === 'k' && pattern[i + 2] === '<') refuse(selector, 'a named backreference (\\k<…>)', 'match the text again explicitly instead.');
      if (next === 'u' || next === 'c') {
        refuse(selector, `the escape \\${next}`, 'stream paths are plain ASCII, so write the character itself.');
      }
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
      continue; // quantifier and group characters are literal inside a class
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      const opener = pattern.slice(i, i + 4);
      if (opener.startsWith('(?=') || opener.startsWith('(?!')) refuse(selector, 'a lookahead', 'express the condition without looking ahead (or use a glob).');
      if (opener === '(?<=' || opener === '(?<!') refuse(selector, 'a lookbehind', 'express the condition without looking behind (or use a glob).');
      groups.push({ repeats: false });
      lastAtomWasRepeatingGroup = false;
      continue;
    } else if (char === ')') {
      const closed = groups.length > 1 ? groups.pop()! : { repeats: false };
      if (closed.repeats) groups[groups.length - 1]!.repeats = true;
      atomIsRepeatingGroup = closed.repeats;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier.length > 0) {
        if (quantifier.repeats && lastAtomWasRepeatingGroup) {
          throw new RuleInputError(
            'path',
            `"${selector}" repeats a group that itself repeats (like (a+)+), which can take exponential time to match in JavaScript; use a glob such as live/**/cam for repeated segments, or rewrite without the nested repetition.`,
          );
        }
        if (quantifier.repeats) groups[groups.length - 1]!.repeats = true;
        i += quantifier.length - 1;
        if (pattern[i + 1] === '?') i++; // lazy form: same repetition
        lastAtomWasRepeatingGroup = false;
        continue;
      }
    }
    lastAtomWasRepeatingGroup = atomIsRepeatingGroup;
  }
}
