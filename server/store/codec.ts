/**
 * The one place documents and log entries become text and back, so both backends store the same bytes.
 * (Keyv namespaces use Keyv's own serialiser.)
 */

export function encode(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  // JSON.stringify(undefined) and friends yield undefined, which would store the string "undefined".
  if (typeof text !== 'string') throw new TypeError(`${what} must be JSON-serialisable, got ${typeof value}`);
  return text;
}

export function decode<T>(text: string): T {
  return JSON.parse(text) as T;
}
