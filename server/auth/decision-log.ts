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

/** As kept: the time is formatted only when someone lists the decisions, not on every decision. */
type Recorded = Omit<LoggedDecision, 'at'> & { at: number };

const listed = (entry: Recorded): LoggedDecision => ({ ...entry, at: new Date(entry.at).toISOString() });

/** The most recent decisions, in memory, for "why was I refused?" (GET /_overlay/api/decisions). */
export function createDecisionLog(capacity = 1_000) {
  const ring: Recorded[] = new Array(capacity);
  let next = 0;
  let size = 0;
  return {
    record(request: MediamtxAuthRequest, decision: AuthDecision, at: number): void {
      ring[next] = {
        at,
        user: decision.user,
        path: request.path,
        action: request.action,
        protocol: request.protocol,
        ip: request.ip,
        id: request.id,
        result: decision.allow ? 'allow' : 'deny',
        by: decision.by,
        reason: decision.reason,
        rule: decision.rule,
      };
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    /** Newest first, optionally only one user's or one path's. */
    list(options: { limit: number; user?: string; path?: string }): LoggedDecision[] {
      const out: LoggedDecision[] = [];
      for (let i = 1; i <= size && out.length < options.limit; i++) {
        const entry = ring[(next - i + capacity) % capacity]!;
        if (options.user && entry.user !== options.user) continue;
        if (options.path && entry.path !== options.path) continue;
        out.push(listed(entry));
      }
      return out;
    },
  };
}

export type DecisionLog = ReturnType<typeof createDecisionLog>;
