import type { Logger } from 'pino';
import type { DocumentStore } from '../store/index.ts';
import { compileRules, type CompiledRules } from './compile.ts';
import type { Rule, RulePolicy } from './types.ts';

const DOCUMENT = 'stream-rules';

export interface RulesDocument {
  rules: Rule[];
}

export interface AuditEntry {
  at: string;
  by: string;
  action: 'put' | 'delete' | 'seed';
  path: string | null;
  before: Rule | null;
  after: Rule | null;
  version: number;
}

export type RuleWrite =
  | { ok: true; version: number; rule: Rule | null }
  | { ok: false; reason: 'stale'; current: { rules: Rule[]; version: number } }
  | { ok: false; reason: 'not-found' };

export interface RulesRepository {
  /** The compiled rules for hot paths; no I/O. Kept fresh by the poller and by our own writes. */
  current(): CompiledRules;
  version(): number;
  /** Reads the store now (rules API GETs, tests). */
  list(): Promise<{ rules: Rule[]; version: number }>;
  put(input: { path: string; groups: string[] }, expectedVersion: number, actor: string): Promise<RuleWrite>;
  remove(path: string, expectedVersion: number, actor: string): Promise<RuleWrite>;
  /** Writes `rules` only when the store has never held any (rules as code, first start). */
  seedIfEmpty(rules: Array<{ path: string; groups: string[] }>, actor: string): Promise<boolean>;
  audit(options: { limit: number; offset: number }): Promise<{ entries: AuditEntry[]; total: number }>;
  /** Checks the shared version now and reloads when another instance changed it. */
  refresh(): Promise<void>;
  startPolling(intervalMs: number): void;
  stop(): void;
  /**
   * Calls `listener` after the current rules changed, whoever changed them: this instance's writes
   * or another instance's, seen by polling. Returns the unsubscribe function.
   */
  onChange(listener: (version: number) => void): () => void;
}

/**
 * The path → groups rules, kept as one versioned document in the store: every change is one
 * compare-and-set (a stale version is refused, never overwritten) with its audit entry written in
 * the same atomic step. Compiled once per version, never per request.
 */
export async function createRulesRepository(options: {
  documents: DocumentStore;
  policy: RulePolicy;
  log: Logger;
  now?: () => number;
}): Promise<RulesRepository> {
  const now = options.now ?? Date.now;
  let state = { version: 0, compiled: compileRules([], options.policy) };
  let timer: NodeJS.Timeout | null = null;
  const listeners = new Set<(version: number) => void>();

  function adopt(version: number, rules: Rule[]) {
    if (version === state.version && version !== 0) return;
    const changed = version !== state.version;
    const compiled = compileRules(rules, options.policy, state.compiled);
    if (compiled.invalid.length) options.log.warn({ invalid: compiled.invalid }, 'stored rules that no longer parse are ignored');
    state = { version, compiled };
    if (!changed) return;
    for (const listener of listeners) {
      // A failing listener (live revocation) must not fail the write or the poll that got here.
      try {
        listener(version);
      } catch (error) {
        options.log.error({ reason: (error as Error).message }, 'a rules change listener failed');
      }
    }
  }

  async function load() {
    const stored = await options.documents.read<RulesDocument>(DOCUMENT);
    adopt(stored?.version ?? 0, stored?.data.rules ?? []);
    return { rules: stored?.data.rules ?? [], version: stored?.version ?? 0 };
  }

  async function change(
    expectedVersion: number,
    actor: string,
    edit: (rules: Rule[]) => { rules: Rule[]; entry: Omit<AuditEntry, 'at' | 'by' | 'version'> } | null,
  ): Promise<RuleWrite> {
    const current = await stored();
    if (current.version !== expectedVersion) return { ok: false, reason: 'stale', current };
    const edited = edit(current.rules);
    if (!edited) return { ok: false, reason: 'not-found' };
    const entry: AuditEntry = { at: new Date(now()).toISOString(), by: actor, version: expectedVersion + 1, ...edited.entry };
    const result = await options.documents.write<RulesDocument>(DOCUMENT, expectedVersion, { rules: edited.rules }, entry);
    if (!result.ok) {
      const latest = result.current;
      return { ok: false, reason: 'stale', current: { rules: latest?.data.rules ?? [], version: latest?.version ?? 0 } };
    }
    adopt(result.version, edited.rules);
    options.log.info({ by: actor, action: entry.action, path: entry.path, version: result.version }, 'stream rules changed');
    return { ok: true, version: result.version, rule: entry.after };
  }

  /**
   * The stored rules. When the store is at the version held in memory, those are the stored
   * rules: only the version is read, not the whole document. The write's compare-and-set still
   * refuses the change if another instance writes in between.
   */
  async function stored(): Promise<{ rules: Rule[]; version: number }> {
    const version = await options.documents.version(DOCUMENT);
    if (version === state.version) return { rules: state.compiled.rules as Rule[], version };
    return load();
  }

  async function refresh() {
    if ((await options.documents.version(DOCUMENT)) !== state.version) await load();
  }

  await load();

  return {
    current: () => state.compiled,
    version: () => state.version,
    list: load,
    put(input, expectedVersion, actor) {
      return change(expectedVersion, actor, (rules) => {
        const index = rules.findIndex((r) => r.path === input.path);
        const rule: Rule = { path: input.path, groups: input.groups, updatedBy: actor, updatedAt: new Date(now()).toISOString() };
        // An edited rule keeps its place: order is what decides between regexes.
        const next = index === -1 ? [...rules, rule] : rules.map((r, i) => (i === index ? rule : r));
        return { rules: next, entry: { action: 'put', path: input.path, before: rules[index] ?? null, after: rule } };
      });
    },
    remove(path, expectedVersion, actor) {
      return change(expectedVersion, actor, (rules) => {
        const before = rules.find((r) => r.path === path);
        if (!before) return null;
        return { rules: rules.filter((r) => r !== before), entry: { action: 'delete', path, before, after: null } };
      });
    },
    async seedIfEmpty(seed, actor) {
      if ((await options.documents.version(DOCUMENT)) !== 0) return false;
      const at = new Date(now()).toISOString();
      const rules = seed.map((r) => ({ ...r, updatedBy: actor, updatedAt: at }));
      const entry: AuditEntry = { at, by: actor, action: 'seed', path: null, before: null, after: null, version: 1 };
      const result = await options.documents.write<RulesDocument>(DOCUMENT, 0, { rules }, entry);
      if (result.ok) adopt(result.version, rules);
      return result.ok;
    },
    async audit({ limit, offset }) {
      return options.documents.readLog<AuditEntry>(DOCUMENT, { limit, offset });
    },
    refresh,
    startPolling(intervalMs) {
      timer ??= setInterval(() => {
        refresh().catch((error: Error) => options.log.warn({ reason: error.message }, 'could not check the shared rules version'));
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
