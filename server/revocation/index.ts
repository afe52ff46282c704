import type { Logger } from 'pino';
import type { AuthDecision } from '../mediamtx-auth/authenticate.ts';
import type { AuthService } from '../mediamtx-auth/index.ts';
import type { MediamtxAuthRequest } from '../mediamtx-auth/request.ts';
import type { MediamtxApi } from '../mediamtx/api-client.ts';
import type { RulesRepository } from '../rules/repository.ts';
import { createSessionRegistry, type SessionRegistry } from './session-registry.ts';
import { createSweeper, type SweepReport } from './sweeper.ts';

export type { Kick, SweepReport } from './sweeper.ts';

export interface Revocation {
  /** The auth endpoint's onDecision: remembers whose session each allowed read is. */
  record(request: MediamtxAuthRequest, decision: AuthDecision): void;
  /**
   * Checks every running session now. Single-flight: while a sweep runs, callers share one
   * follow-up sweep that starts after it, so a change made mid-sweep is still covered.
   */
  sweep(): Promise<SweepReport>;
  /** Sweeps every `intervalMs` and soon after the rules change (one sweep per burst); nothing when intervalMs is 0. */
  start(): void;
  /** Stops the timers and waits for a running sweep. */
  stop(): Promise<void>;
  registry: SessionRegistry;
}

const NOTHING: SweepReport = { sessions: 0, judged: 0, kicked: [], skipped: [] };
/**
 * Rule writes come in bursts (a bulk edit, a seeding script): one sweep covers every change made
 * within this window. Later changes join the pending sweep instead of postponing it, so even a
 * burst that never pauses is swept this often.
 */
const RULE_CHANGE_COALESCE_MS = 250;

/**
 * Live revocation. MediaMTX checks access only when a session starts; this kicks running sessions
 * whose person lost access to their path, through a rule change or a group change in the directory.
 */
export function createRevocation(options: {
  mediamtx: Pick<MediamtxApi, 'listSessions' | 'kickSession'>;
  auth: Pick<AuthService, 'people' | 'internalUsers'>;
  rules: RulesRepository;
  intervalMs: number;
  log: Logger;
}): Revocation {
  const { log } = options;
  const registry = createSessionRegistry();
  const { people } = options.auth;
  // Without LDAP the auth endpoint admits internal users only, which are never revoked.
  const sweeper = people
    ? createSweeper({ mediamtx: options.mediamtx, registry, people, rules: () => options.rules.current(), internalUsers: options.auth.internalUsers, log })
    : { sweep: async () => NOTHING };

  let running: Promise<SweepReport> | null = null;
  let queued: Promise<SweepReport> | null = null;
  function sweep(): Promise<SweepReport> {
    if (!running) {
      running = sweeper.sweep().finally(() => {
        running = null;
      });
      return running;
    }
    queued ??= running
      .catch(() => {})
      .then(() => {
        queued = null;
        return sweep();
      });
    return queued;
  }

  // MediaMTX's API being down would fail every sweep; say so once, not every interval.
  let lastFailure: string | null = null;
  function trigger(why: string) {
    sweep().then(
      () => {
        if (lastFailure) log.info('live revocation: sweeps work again');
        lastFailure = null;
      },
      (error: Error) => {
        if (error.message !== lastFailure) log.error({ why, reason: error.message }, 'live revocation: sweep failed');
        lastFailure = error.message;
      },
    );
  }

  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  let ruleSweep: NodeJS.Timeout | null = null;
  function rulesChanged() {
    ruleSweep ??= setTimeout(() => {
      ruleSweep = null;
      trigger('rules changed');
    }, RULE_CHANGE_COALESCE_MS);
  }

  return {
    record: registry.record,
    sweep,
    start() {
      if (options.intervalMs <= 0 || timer || !people) return;
      timer = setInterval(() => trigger('interval'), options.intervalMs);
      timer.unref();
      unsubscribe = options.rules.onChange(rulesChanged);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
      if (ruleSweep) clearTimeout(ruleSweep);
      ruleSweep = null;
      await Promise.allSettled([running, queued]);
    },
    registry,
  };
}
