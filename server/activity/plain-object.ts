/** A JSON object (not null, not a list): what a request body, an answer or a YAML map is read as. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value` when it is a JSON object, else an empty one: a field read from it is then simply absent. */
export function asPlainObject(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}
