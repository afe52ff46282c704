import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuthDecision } from './authenticate.ts';
import { LatencyHistogram } from './latency-histogram.ts';

const ACTIONS = ['publish', 'read', 'playback', 'api', 'metrics', 'pprof', 'other'] as const;
const RESULTS = ['allow', 'deny'] as const;
const BY: readonly AuthDecision['by'][] = ['internal-user', 'token', 'directory', 'none'];
const ACTION_INDEX: ReadonlyMap<string, number> = new Map(ACTIONS.map((action, i) => [action, i]));
const BY_INDEX: ReadonlyMap<string, number> = new Map(BY.map((by, i) => [by, i]));

/** Prometheus metrics for GET /metrics: decisions by outcome and how long they took. */
export function createAuthMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'overlay_' });
  // Counted in a flat array by (action, result, by) and handed to prom-client when scraped: its
  // labelled inc() validated and hashed the labels on every decision, on the auth endpoint's hot path.
  const tally = new Float64Array(ACTIONS.length * RESULTS.length * BY.length);
  new Counter({
    name: 'overlay_auth_decisions_total',
    help: 'MediaMTX auth decisions by action, result and how the caller was identified',
    labelNames: ['action', 'result', 'by'] as const,
    registers: [registry],
    collect() {
      for (let i = 0; i < tally.length; i++) {
        if (tally[i] === 0) continue;
        const by = i % BY.length;
        const result = Math.floor(i / BY.length) % RESULTS.length;
        const action = Math.floor(i / (BY.length * RESULTS.length));
        this.inc({ action: ACTIONS[action]!, result: RESULTS[result]!, by: BY[by]! }, tally[i]!);
        tally[i] = 0;
      }
    },
  });
  const latency = new LatencyHistogram({
    name: 'overlay_auth_decision_seconds',
    help: 'Time to answer a MediaMTX auth request',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'overlay_auth_bad_requests_total',
    help: 'Auth requests refused before a decision (malformed, wrong content type, caller not allowed)',
    labelNames: ['why'] as const,
    registers: [registry],
  });
  return {
    registry,
    observe(action: string, decision: AuthDecision, seconds: number) {
      // Unknown actions would make unbounded label values: fold them.
      const a = ACTION_INDEX.get(action) ?? ACTIONS.length - 1;
      tally[(a * RESULTS.length + (decision.allow ? 0 : 1)) * BY.length + BY_INDEX.get(decision.by)!]!++;
      latency.record(seconds);
    },
    badRequest(why: 'malformed' | 'content-type' | 'too-large' | 'caller') {
      rejected.inc({ why });
    },
  };
}

export type AuthMetrics = ReturnType<typeof createAuthMetrics>;
