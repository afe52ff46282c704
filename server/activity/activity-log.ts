/**
 * The activity log: who changed what, kept in the store's event log `activity` (SQLite or Redis,
 * like the rules' audit) with each diff apart in `activity-diff` (a page or a CSV export of
 * thousands of entries never reads them), pruned in the background past ACTIVITY_RETENTION, and written as one
 * JSON log line per entry (msg "activity") for a log collector. Entries arrive already redacted
 * (summaries from editor-routes.ts and overlay-routes.ts, diffs from config-diff.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ActivityDetail, ActivityEntry, ActivityKind, ActivityPage } from '../contract.ts';
import type { EventLogStore } from '../store/index.ts';

const LOG = 'activity';
const DIFFS = 'activity-diff';
/** Pruning runs this often, and once at start. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export type ActivityRecord = Omit<ActivityEntry, 'id' | 'at' | 'hasDiff'> & { diff?: ActivityDetail['diff'] };

export interface ActivityQuery {
  user?: string;
  kind?: ActivityKind;
  /** ms since the epoch. */
  since?: number;
  limit: number;
  offset: number;
}

export interface ActivityLog {
  /** Stores the entry and writes its log line; resolves with it as the API shows it. */
  record(record: ActivityRecord): Promise<ActivityEntry>;
  list(query: ActivityQuery): Promise<ActivityPage>;
  get(id: string): Promise<ActivityDetail | null>;
  /** Drops the entries older than the retention now; resolves with how many went. */
  prune(): Promise<number>;
  /** Background pruning (an unref'd timer: it never keeps the process alive). */
  start(): void;
  stop(): void;
}

/** What is stored: the entry, plus the user name in lower case for the filter (directory names ignore case). */
type Stored = ActivityEntry & { userKey: string };

const ID = /^[0-9a-z]{1,40}$/;

export function createActivityLog(options: { events: EventLogStore; log: Logger; retentionMs: number; now?: () => number }): ActivityLog {
  const { events, log, retentionMs } = options;
  const now = options.now ?? Date.now;
  let sequence = 0;
  let timer: NodeJS.Timeout | null = null;

  /** Time first, then a per-process sequence: ids sort like the entries were made, also within one millisecond. */
  function newId(at: number): string {
    sequence = (sequence + 1) % 36 ** 4;
    return at.toString(36).padStart(9, '0') + sequence.toString(36).padStart(4, '0') + randomBytes(4).toString('hex');
  }

  const shown = ({ userKey: _userKey, ...entry }: Stored): ActivityEntry => entry;

  async function prune(): Promise<number> {
    const before = now() - retentionMs;
    const [removed] = await Promise.all([events.prune(LOG, before), events.prune(DIFFS, before)]);
    if (removed) log.info({ removed, retentionMs }, 'activity log: pruned old entries');
    return removed;
  }

  function pruneInBackground() {
    prune().catch((error: Error) => log.warn({ reason: error.message }, 'activity log: pruning failed; it is tried again later'));
  }

  return {
    async record(record) {
      const at = now();
      const { diff = [], ...rest } = record;
      const entry: ActivityEntry = { id: newId(at), at: new Date(at).toISOString(), ...rest, hasDiff: diff.length > 0 };
      // The diff first: an entry that says it has one always finds it.
      if (diff.length > 0) await events.append(DIFFS, { id: entry.id, at, entry: diff });
      await events.append(LOG, { id: entry.id, at, entry: { ...entry, userKey: entry.user.toLowerCase() } satisfies Stored });
      log.info({ activity: { ...entry, diff } }, 'activity');
      return entry;
    },

    async list(query) {
      const match: Record<string, string> = {};
      if (query.user !== undefined) match.userKey = query.user.toLowerCase();
      if (query.kind !== undefined) match.kind = query.kind;
      // An entry past the retention is gone for the API at once, whenever the next prune runs.
      const since = Math.max(query.since ?? 0, now() - retentionMs);
      const page = await events.page<Stored>(LOG, { since, match, limit: query.limit, offset: query.offset });
      return { entries: page.entries.map(shown), total: page.total, limit: query.limit, offset: query.offset };
    },

    async get(id) {
      if (!ID.test(id)) return null;
      const stored = await events.get<Stored>(LOG, id);
      if (!stored || Date.parse(stored.at) < now() - retentionMs) return null;
      const diff = stored.hasDiff ? await events.get<ActivityDetail['diff']>(DIFFS, id) : null;
      return { ...shown(stored), diff: diff ?? [] };
    },

    prune,

    start() {
      if (timer) return;
      pruneInBackground();
      timer = setInterval(pruneInBackground, PRUNE_INTERVAL_MS);
      timer.unref();
    },

    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
