/**
 * MediaMTX turns its YAML into JSON and decodes it with Go's encoding/json, which matches object keys
 * to fields case-insensitively (`User:` sets `user`) and lets a later key overwrite an earlier one.
 * Reading keys the same way keeps the overlay from ignoring a value MediaMTX would have used.
 */

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readFields<K extends string>(mapping: Record<string, unknown>, known: readonly K[]): { fields: Map<K, unknown>; unknown: string[] } {
  const fields = new Map<K, unknown>();
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(mapping)) {
    const field = known.find((name) => name === key) ?? known.find((name) => name.toLowerCase() === key.toLowerCase());
    if (field === undefined) unknown.push(key);
    else fields.set(field, value);
  }
  return { fields, unknown };
}

/** YAML `key:` with nothing after it is null, which Go decodes into a string as "". */
export function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}
