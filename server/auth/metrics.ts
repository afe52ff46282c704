import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuthDecision } from './authenticate.ts';

/** Prometheus metrics for GET /metrics: decisions by outcome and how long they took. */
export function createAuthMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'overlay_' });
  const decisions = new Counter({
    name: 'overlay_auth_decisions_total',
    help: 'MediaMTX auth decisions by action, result and how the caller was identified',
    labelNames: ['action', 'result', 'by'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
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
      const known = ['publish', 'read', 'playback', 'api', 'metrics', 'pprof'].includes(action) ? action : 'other';
      decisions.inc({ action: known, result: decision.allow ? 'allow' : 'deny', by: decision.by });
      latency.observe(seconds);
    },
    badRequest(why: 'malformed' | 'content-type' | 'too-large' | 'caller') {
      rejected.inc({ why });
    },
  };
}

export type AuthMetrics = ReturnType<typeof createAuthMetrics>;
