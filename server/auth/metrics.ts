import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuthDecision } from './authenticate.ts';
import { LatencyHistogram } from './latency-histogram.ts';

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(['publish', 'read', 'playback', 'api', 'metrics', 'pprof']);

/** Prometheus metrics for GET /metrics: decisions by outcome and how long they took. */
export function createAuthMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'overlay_' });
  // Counted in a plain map and handed to prom-client when scraped: its labelled inc() validated
  // and hashed the labels on every decision, on the auth endpoint's hot path.
  const tally = new Map<string, { labels: { action: string; result: string; by: string }; count: number }>();
  new Counter({
    name: 'overlay_auth_decisions_total',
    help: 'MediaMTX auth decisions by action, result and how the caller was identified',
    labelNames: ['action', 'result', 'by'] as const,
    registers: [registry],
    collect() {
      for (const entry of tally.values()) {
        if (entry.count === 0) continue;
        this.inc(entry.labels, entry.count);
        entry.count = 0;
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
      const known = KNOWN_ACTIONS.has(action) ? action : 'other';
      const result = decision.allow ? 'allow' : 'deny';
      const key = `${known} ${result} ${decision.by}`;
      const entry = tally.get(key);
      if (entry) entry.count++;
      else tally.set(key, { labels: { action: known, result, by: decision.by }, count: 1 });
      latency.record(seconds);
    },
    badRequest(why: 'malformed' | 'content-type' | 'too-large' | 'caller') {
      rejected.inc({ why });
    },
  };
}

export type AuthMetrics = ReturnType<typeof createAuthMetrics>;
