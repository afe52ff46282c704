/** Argument checks shared by both backends, so they refuse the same inputs with the same messages. */
import { encode } from './codec.ts';
import type { EventQuery, StoredEvent } from './types.ts';

const NAMESPACE = /^[A-Za-z0-9_.-]{1,64}$/;

export function checkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) {
    throw new TypeError(`document name must be a non-empty string of at most 200 characters`);
  }
}

export function checkVersion(expectedVersion: number): void {
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new TypeError(`expectedVersion must be a non-negative integer, got ${expectedVersion}`);
  }
}

/** Colons would make one namespace's keys look like another's (both backends prefix keys with it). */
export function checkNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) {
    throw new TypeError(`keyv namespace must match ${NAMESPACE}, got ${JSON.stringify(namespace)}`);
  }
}

export const DEFAULT_LOG_LIMIT = 50;

export function logWindow(options: { limit?: number; offset?: number } = {}): { limit: number; offset: number } {
  const limit = options.limit ?? DEFAULT_LOG_LIMIT;
  const offset = options.offset ?? 0;
  for (const [key, value] of [
    ['limit', limit],
    ['offset', offset],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`readLog ${key} must be a non-negative integer`);
  }
  return { limit, offset };
}

/** Event ids and match fields end up in keys and SQL: plain characters only. */
const EVENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function checkEventId(id: string): void {
  if (typeof id !== 'string' || !EVENT_ID.test(id)) throw new TypeError(`event id must match ${EVENT_ID}, got ${JSON.stringify(id)}`);
}

export function checkTime(what: string, at: number): void {
  if (!Number.isSafeInteger(at) || at < 0) throw new TypeError(`${what} must be a non-negative integer (ms since the epoch), got ${at}`);
}

/** The match fields, sorted (so equal queries build equal statements), each checked. */
export function matchFields(match: Record<string, string> | undefined): Array<[string, string]> {
  const fields = Object.entries(match ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [field, value] of fields) {
    if (!FIELD.test(field)) throw new TypeError(`event match field must match ${FIELD}, got ${JSON.stringify(field)}`);
    if (typeof value !== 'string') throw new TypeError(`event match value for ${field} must be a string`);
  }
  return fields;
}

/** An event to append, checked, with its entry encoded as both backends store it. */
export function checkedEvent(name: string, event: StoredEvent): { id: string; at: number; text: string } {
  checkName(name);
  checkEventId(event.id);
  checkTime('event time', event.at);
  return { id: event.id, at: event.at, text: encode(event.entry, 'event entry') };
}

/** A page query, checked: its window, its start time (0: from the first event) and its match fields. */
export function checkedEventQuery(name: string, query: EventQuery): { limit: number; offset: number; since: number; fields: Array<[string, string]> } {
  checkName(name);
  const { limit, offset } = logWindow(query);
  const since = query.since ?? 0;
  checkTime('since', since);
  return { limit, offset, since, fields: matchFields(query.match) };
}
