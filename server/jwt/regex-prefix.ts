// A lower bound on what a regex selector matches, read off its source without parsing it: enough
// to show that two rules can never match the same path (neither literal prefix starts the other).

const LITERAL_CHAR = /^[A-Za-z0-9_\-/~]$/;
/** Path punctuation that stays literal once escaped, in JavaScript and RE2 alike. */
const ESCAPED_LITERAL = /^[./\-~_]$/;
const QUANTIFIER_START = /^[?*+{]$/;

/** Whether `|` occurs outside every group and class, so the pattern is an alternation as a whole. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * Text every match of the regex `source` (no leading `~`) starts with: the literal characters
 * right after a leading `^`. '' when the pattern is unanchored or an alternation as a whole, or
 * starts with anything but plain characters. A character followed by a quantifier is left out.
 */
export function regexLiteralPrefix(source: string): string {
  if (!source.startsWith('^') || hasTopLevelAlternation(source)) return '';
  let prefix = '';
  for (let i = 1; i < source.length; i++) {
    let literal = source[i]!;
    if (literal === '\\') {
      const escaped = source[i + 1] ?? '';
      if (!ESCAPED_LITERAL.test(escaped)) break;
      literal = escaped;
      i++;
    } else if (!LITERAL_CHAR.test(literal)) break;
    if (QUANTIFIER_START.test(source[i + 1] ?? '')) break;
    prefix += literal;
  }
  return prefix;
}

/** False only when the two sets of paths are shown to be disjoint. */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
