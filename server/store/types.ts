import type { Keyv } from 'keyv';

export interface VersionedDoc<T> {
  version: number;
  data: T;
}

export type WriteResult<T> = { ok: true; version: number } | { ok: false; current: VersionedDoc<T> | null };

export interface LogPage<E> {
  entries: E[];
  total: number;
}

export interface DocumentStore {
  /** null when never written. */
  read<T>(name: string): Promise<VersionedDoc<T> | null>;
  /** Cheap: just the version (0 when absent). Instances poll this to notice each other's changes. */
  version(name: string): Promise<number>;
  /**
   * Compare-and-set: writes only if the stored version is still `expectedVersion` (0 = absent), atomically
   * with appending `logEntry` (if given) to the document's append-only log. New version = expected + 1.
   */
  write<T>(name: string, expectedVersion: number, data: T, logEntry?: unknown): Promise<WriteResult<T>>;
  /** Newest first. */
  readLog<E = unknown>(name: string, options?: { limit?: number; offset?: number }): Promise<LogPage<E>>;
}

/** One event of an event log: its own id, when it happened (ms since the epoch) and what it says. */
export interface StoredEvent {
  id: string;
  at: number;
  entry: unknown;
}

export interface EventQuery {
  /** Only events at or after this time (ms since the epoch). */
  since?: number;
  /** Only events whose entry has these top-level fields with exactly these string values. */
  match?: Record<string, string>;
  limit: number;
  offset: number;
}

/**
 * Append-only logs of events ordered by time and pruned by age (the activity log): unlike a
 * document's log, an event belongs to no document, can be read by id and filtered, and old ones go.
 */
export interface EventLogStore {
  /** Adds an event; an id already in the log is refused. */
  append(name: string, event: StoredEvent): Promise<void>;
  /** Newest first (equal times: greater id first), `total` counting every event that matches. */
  page<E = unknown>(name: string, query: EventQuery): Promise<LogPage<E>>;
  /** null when no event has that id (or it was pruned). */
  get<E = unknown>(name: string, id: string): Promise<E | null>;
  /** Drops every event stamped before `before` (ms since the epoch); returns how many went. */
  prune(name: string, before: number): Promise<number>;
}

export interface Store {
  kind: 'sqlite' | 'redis';
  /** For logs and /healthz, never with a password in it. */
  description: string;
  /** A Keyv namespace on the same backend (caches, sessions, signing keys). Same namespace, same instance. */
  keyv<T = unknown>(namespace: string): Keyv<T>;
  documents: DocumentStore;
  events: EventLogStore;
  /** Health probe: a real round trip. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** STORE_URL: empty for the embedded SQLite file, or redis:// / rediss://. */
  url?: string | null;
  /** Where the SQLite file lives (created if missing). */
  dataDir: string;
  /** Backend errors that happen outside any call, e.g. a dropped Redis connection. */
  onError?: (error: Error) => void;
}
