// The rule engine's public surface: plain data in, decisions out, no I/O.
export type { Access, Decision, GlobSpecificity, ParsedSelector, Rule, RulePolicy, SelectorKind } from './types.ts';
export { RuleInputError } from './rule-input-error.ts';
export { parseSelector, selectorToMediamtxRegex } from './selector.ts';
export { validateRuleInput } from './validate.ts';
export { compileRules, type CompiledRules, type SkippedRule } from './compile.ts';
export { decide, effectiveAccess, visiblePaths } from './evaluate.ts';
