import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { RuleInputError } from './rule-input-error.ts';
import { validateRuleInput } from './validate.ts';

export class RulesFileError extends Error {
  override name = 'RulesFileError';
}

/**
 * Rules as code: a YAML or JSON file, either a list of `{path, groups}` or `{rules: [...]}`,
 * checked exactly as the API checks a rule. Any problem stops the start with the entry named.
 */
export async function readRulesFile(file: string, policy: { groupPrefix: string }): Promise<Array<{ path: string; groups: string[] }>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RulesFileError(`RULES_FILE ${file} cannot be read: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new RulesFileError(`RULES_FILE ${file} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  const entries = Array.isArray(document) ? document : (document as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(entries)) throw new RulesFileError(`RULES_FILE ${file} must be a list of rules or have a "rules:" list`);
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    try {
      const rule = validateRuleInput(entry, policy);
      if (seen.has(rule.path)) throw new RuleInputError('path', `"${rule.path}" appears twice`);
      seen.add(rule.path);
      return rule;
    } catch (error) {
      if (error instanceof RuleInputError) throw new RulesFileError(`RULES_FILE ${file}: rules[${index}].${error.field}: ${error.message}`);
      throw error;
    }
  });
}
