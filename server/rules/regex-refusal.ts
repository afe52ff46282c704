import { RE2JSSyntaxException, type RE2JSException } from 're2js';
import { RuleInputError } from './rule-input-error.ts';

// RE2 decides which regexes are valid: it is the engine that matches them here and in MediaMTX.
// Its refusals name what it stopped at; for the constructs people bring from other engines (and
// that RE2 leaves out because they cannot run in linear time) this says what to write instead.

function unsupported(selector: string, what: string, hint: string): RuleInputError {
  return new RuleInputError('path', `"${selector}" uses ${what}, which MediaMTX's regex engine (Go RE2) does not support; ${hint}`);
}

/** The RuleInputError (field `path`) for a regex selector whose pattern re2js refused to compile. */
export function explainRegexRefusal(selector: string, error: RE2JSException): RuleInputError {
  if (error instanceof RE2JSSyntaxException) {
    const at = error.getPattern() ?? '';
    const escape = at.slice(0, 2);
    if (at.startsWith('(?=') || at.startsWith('(?!'))
      return unsupported(selector, 'a lookahead', 'express the condition without looking ahead (or use a glob).');
    if (at.startsWith('(?<=') || at.startsWith('(?<!'))
      return unsupported(selector, 'a lookbehind', 'express the condition without looking behind (or use a glob).');
    if (/^\\[1-9]$/.test(escape)) return unsupported(selector, `the backreference ${escape}`, 'match the text again explicitly instead.');
    if (escape === '\\k') return unsupported(selector, 'a named backreference (\\k<…>)', 'match the text again explicitly instead.');
    if (escape === '\\u' || escape === '\\c')
      return unsupported(selector, `the escape ${escape}`, 'stream paths are plain ASCII, so write the character itself.');
    const detail = at ? `${error.getDescription()}: ${at}` : error.getDescription();
    return new RuleInputError('path', `"${selector}" is not a valid regex (RE2 syntax, as MediaMTX reads it): ${detail}.`);
  }
  return new RuleInputError('path', `"${selector}" is not a valid regex (RE2 syntax, as MediaMTX reads it): ${error.message}.`);
}
