/**
 * The environment as one zod object, built from the variables table: each variable's own schema,
 * optional unless it has a default. Its output type (Env) is what the rest of the config is made
 * of, so a variable's type is said once, by its schema.
 */
import { z } from 'zod';
import { VARIABLE_TABLE } from './variables.ts';

type Entry = (typeof VARIABLE_TABLE)[number];
type Shape = { [V in Entry as V['name']]: V extends { default: string } ? V['schema'] : z.ZodOptional<V['schema']> };

// Object.fromEntries cannot carry the per-key types: Shape says what the loop builds.
const shape = Object.fromEntries(VARIABLE_TABLE.map((v) => [v.name, 'default' in v ? v.schema : v.schema.optional()])) as Shape;

export const VARIABLE_VALUES = z.object(shape);

/** Every variable's value, parsed; those without a default may be undefined. */
export type Env = z.output<typeof VARIABLE_VALUES>;
export type VariableName = keyof Env;

const BASE_DN_DEFAULT = VARIABLE_TABLE.find((v) => v.name === 'LDAP_BASE_DN' && 'default' in v)?.default ?? '';

/**
 * What the schema reads: every variable's text, trimmed, an empty one taken as unset, and the
 * defaults filled in (the LDAP bases hang off LDAP_BASE_DN, so theirs depend on it).
 */
export function fromEnvironment(env: Record<string, string | undefined>): Partial<Record<VariableName, string>> {
  const texts: Partial<Record<VariableName, string>> = {};
  const baseDN = env.LDAP_BASE_DN?.trim() || BASE_DN_DEFAULT;
  for (const variable of VARIABLE_TABLE) {
    const fallback = 'default' in variable ? variable.default.replace('<LDAP_BASE_DN>', baseDN) : undefined;
    const text = env[variable.name]?.trim() || fallback;
    if (text !== undefined) texts[variable.name] = text;
  }
  return texts;
}
