import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Lookup, PeopleResolver, Person } from '../mediamtx-auth/people.ts';
import type { MediamtxApi, MediamtxSession, SessionKind } from '../mediamtx/api-client.ts';
import type { InternalUser } from '../mediamtx/internal-users/index.ts';
import { may } from '../policy/may.ts';
import type { CompiledRules } from '../rules/compile.ts';
import { isReader, ownerOf, type SessionOwner } from './session-owner.ts';
import type { SessionRegistry } from './session-registry.ts';

export interface Kick {
  kind: SessionKind;
  id: string;
  user: string;
  path: string;
  reason: string;
  via: SessionOwner['via'];
}

export interface SweepReport {
  /** Sessions MediaMTX listed, of every kind. */
  sessions: number;
  /** Reading sessions of a directory person, judged against the current rules and groups. */
  judged: number;
  kicked: Kick[];
  /** People whose sessions were left alone because the directory could not say who they are now. */
  skipped: Array<{ user: string; reason: string }>;
}

export interface SweeperDeps {
  mediamtx: Pick<MediamtxApi, 'listSessions' | 'kickSession'>;
  registry: SessionRegistry;
  people: Pick<PeopleResolver, 'refresh'>;
  rules: () => CompiledRules;
  internalUsers: () => readonly InternalUser[];
  log: Logger;
  /** Directory lookups in flight at once during a sweep. */
  lookupConcurrency?: number;
}

/**
 * One pass of live revocation: every reading session whose person the current rules and the
 * person's current groups no longer allow on its path is kicked. MediaMTX checks access only when a
 * session starts; the auth endpoint applies the same rules and groups, so the reconnect is refused.
 */
export function createSweeper(deps: SweeperDeps): { sweep(): Promise<SweepReport> } {
  const limit = pLimit(deps.lookupConcurrency ?? 8);
  let outageLogged = false;

  return {
    async sweep() {
      const sessions = await deps.mediamtx.listSessions();
      const internal = deps.internalUsers();
      const judged: Array<{ session: MediamtxSession; owner: SessionOwner }> = [];
      for (const session of sessions) {
        const registered = deps.registry.get(session.id);
        if (!isReader(session, registered)) continue;
        const owner = ownerOf(session, registered, internal);
        if (owner) judged.push({ session, owner });
      }

      // One fresh directory answer per person, however many sessions they have open.
      const names = new Map<string, string>();
      for (const { owner } of judged) if (!names.has(owner.username.toLowerCase())) names.set(owner.username.toLowerCase(), owner.username);
      const found = new Map<string, Lookup>();
      await Promise.all(
        [...names].map(([key, name]) =>
          limit(async () => {
            try {
              found.set(key, await deps.people.refresh(name));
            } catch (error) {
              found.set(key, { kind: 'unavailable', reason: (error as Error).message });
            }
          }),
        ),
      );

      // Read after the lookups, so a rule change made meanwhile counts too.
      const rules = deps.rules();
      const report: SweepReport = { sessions: sessions.length, judged: 0, kicked: [], skipped: [] };
      const denied: Kick[] = [];
      for (const { session, owner } of judged) {
        const lookup = found.get(owner.username.toLowerCase())!;
        if (lookup.kind === 'unavailable') {
          // Not a reason to cut anyone off: new sessions get the auth endpoint's grace, this one keeps going.
          if (!report.skipped.some((s) => s.user === owner.username)) report.skipped.push({ user: owner.username, reason: lookup.reason });
          continue;
        }
        const reason = verdict(lookup.person, owner, session.path, rules);
        if (reason === undefined) continue;
        report.judged++;
        if (reason === null) deps.registry.touch(session.id);
        else denied.push({ kind: session.kind, id: session.id, user: owner.username, path: session.path, reason, via: owner.via });
      }

      await Promise.all(
        denied.map(async (kick) => {
          try {
            const outcome = await deps.mediamtx.kickSession(kick.kind, kick.id);
            deps.registry.forget(kick.id);
            if (outcome === 'kicked') report.kicked.push(kick);
            deps.log.info({ ...kick, outcome }, 'live revocation: access withdrawn, session kicked');
          } catch (error) {
            deps.log.error({ ...kick, error: (error as Error).message }, 'live revocation: could not kick a session');
          }
        }),
      );
      if (report.skipped.length > 0) {
        // Every sweep of an outage would say it again: warn when it starts, then quietly.
        const level = outageLogged ? 'debug' : 'warn';
        deps.log[level]({ skipped: report.skipped }, "live revocation: directory unavailable, these people's sessions were not checked");
      }
      outageLogged = report.skipped.length > 0;
      return report;
    },
  };
}

/**
 * Why the session must end, null when it may go on, undefined when it is not ours to judge
 * (a session's `user` that names nobody in the directory: an internal user or a typo'd name).
 */
function verdict(person: Person | null, owner: SessionOwner, path: string, rules: CompiledRules): string | null | undefined {
  if (!person) return owner.via === 'auth-request' ? 'no longer in the directory' : undefined;
  if (!person.active) return 'disabled in the directory';
  const decision = may(person, 'read', path, rules);
  return decision.allow ? null : decision.reason;
}
