import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.ts';

const BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.5, 5];
const VALUES = [0, 0.0001, 0.0005, 0.00051, 0.001, 0.003, 0.003, 0.2, 4.9, 5, 7, 120];

/** The same name and values through prom-client's own Histogram and through ours. */
async function both(values: number[]) {
  const theirs = new Registry();
  const ours = new Registry();
  const reference = new Histogram({ name: 'latency_seconds', help: 'Time taken', buckets: BUCKETS, registers: [theirs] });
  const counting = new LatencyHistogram({ name: 'latency_seconds', help: 'Time taken', buckets: BUCKETS, registers: [ours] });
  for (const value of values) {
    reference.observe(value);
    counting.record(value);
  }
  return { theirs, ours, reference, counting };
}

describe('LatencyHistogram', () => {
  it("scrapes exactly as prom-client's Histogram does, as text and as JSON", async () => {
    const { theirs, ours, reference, counting } = await both(VALUES);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    expect(await counting.get()).toEqual(await reference.get());
    expect(await ours.metrics()).toContain('latency_seconds_bucket{le="0.002"} 5\n');
  });

  it('counts observe() like record(), and starts over on reset()', async () => {
    const { ours, counting } = await both(VALUES);
    counting.observe(0.003);
    expect(() => counting.observe({}, 1)).toThrow(TypeError);
    expect(await ours.metrics()).toContain('latency_seconds_count 13\n');
    ours.resetMetrics();
    expect(await ours.metrics()).toContain('latency_seconds_bucket{le="+Inf"} 0\nlatency_seconds_sum 0\nlatency_seconds_count 0\n');
  });

  it('scrapes zeros before anything is recorded', async () => {
    const { theirs, ours } = await both([]);
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });
});
