/**
 * How the JSON APIs and forms name what zod found wrong with an input: the field as a person
 * reads it (`groups[2]`, `body` for the input as a whole) and the schema's own message.
 */
import type { z } from 'zod';

/** `groups[2]` for the path ['groups', 2]; `body` for the input as a whole. */
export function fieldName(path: readonly PropertyKey[] | undefined): string {
  if (!path || path.length === 0) return 'body';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

/**
 * The problem to report: the outermost one (the input as a whole, then a field, then a field's
 * items), the earliest of those, so a person fixes the input from the outside in. Unknown keys
 * are named by the first of them.
 */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues.reduce((first, next) => (next.path.length < first.path.length ? next : first));
  const field = issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? issue.keys[0]! : fieldName(issue.path);
  return { field, message: issue.message };
}

/** "a number", "an array", "null": what a message says was sent instead. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
