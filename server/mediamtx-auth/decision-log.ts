import type { AuthDecision } from './authenticate.ts';
import type { MediamtxAuthRequest } from './request.ts';

export interface LoggedDecision {
  at: string;
  user: string;
  path: string;
  action: string;
  protocol: string;
  ip: string;
  id: string | null;
  result: 'allow' | 'deny';
  by: AuthDecision['by'];
  reason: string;
  rule: string | null;
}

/**
 * The most recent decisions, in memory, for "why was I refused?" (GET /_overlay/api/decisions).
 * Kept column by column, so recording one (on every MediaMTX auth call) allocates nothing: the
 * decision object is kept as it is (it holds no secret), the request's non-secret fields are
 * copied, and the time is formatted only when someone lists the decisions.
 */
export function createDecisionLog(capacity = 1_000) {
  const at = new Float64Array(capacity);
  const decisions: AuthDecision[] = new Array(capacity);
  const paths: string[] = new Array(capacity);
  const actions: string[] = new Array(capacity);
  const protocols: string[] = new Array(capacity);
  const ips: string[] = new Array(capacity);
  const ids: (string | null)[] = new Array(capacity);
  let next = 0;
  let size = 0;

  function listed(i: number): LoggedDecision {
    const decision = decisions[i]!;
    return {
      at: new Date(at[i]!).toISOString(),
      user: decision.user,
      path: paths[i]!,
      action: actions[i]!,
      protocol: protocols[i]!,
      ip: ips[i]!,
      id: ids[i]!,
      result: decision.allow ? 'allow' : 'deny',
      by: decision.by,
      reason: decision.reason,
      rule: decision.rule,
    };
  }

  return {
    record(request: MediamtxAuthRequest, decision: AuthDecision, when: number): void {
      at[next] = when;
      decisions[next] = decision;
      paths[next] = request.path;
      actions[next] = request.action;
      protocols[next] = request.protocol;
      ips[next] = request.ip;
      ids[next] = request.id;
      next = next + 1 === capacity ? 0 : next + 1;
      if (size < capacity) size++;
    },
    /** Newest first, optionally only one user's or one path's. */
    list(options: { limit: number; user?: string; path?: string }): LoggedDecision[] {
      const out: LoggedDecision[] = [];
      for (let n = 1; n <= size && out.length < options.limit; n++) {
        const i = (next - n + capacity) % capacity;
        if (options.user && decisions[i]!.user !== options.user) continue;
        if (options.path && paths[i] !== options.path) continue;
        out.push(listed(i));
      }
      return out;
    },
  };
}

export type DecisionLog = ReturnType<typeof createDecisionLog>;
