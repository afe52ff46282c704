import { Histogram, type Registry } from 'prom-client';

type Scrape = Awaited<ReturnType<Histogram['get']>>;

// prom-client's Histogram has this method (its Registry renders from it), but its types omit it.
declare module 'prom-client' {
  interface Histogram {
    getForPromString(): Promise<Scrape>;
  }
}

/**
 * A label-less prom-client Histogram with a cheap record(): prom-client's observe() builds and
 * validates a labels object and finds the bucket through a string-keyed object on every call,
 * which showed in the auth endpoint's profile (bench/RESULTS.md). Here a decision adds to plain counts,
 * and a scrape turns them into the series prom-client itself would have written.
 */
export class LatencyHistogram extends Histogram {
  readonly #bounds: readonly number[];
  /** Per bucket (not cumulative); the last one counts values above every bound. */
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(options: { name: string; help: string; buckets: readonly number[]; registers: Registry[] }) {
    super({ ...options, buckets: [...options.buckets] });
    this.#bounds = [...options.buckets].sort((a, b) => a - b);
    this.#counts = new Array<number>(this.#bounds.length + 1).fill(0);
    // prom-client's observe() would count where scrapes no longer look.
    this.observe = ((value: unknown) => {
      if (typeof value !== 'number') throw new TypeError('LatencyHistogram has no labels or exemplars: call record(value)');
      this.record(value);
    }) as Histogram['observe'];
  }

  override reset(): void {
    super.reset();
    if (!(#counts in this)) return; // prom-client's constructor resets before ours has run
    this.#counts.fill(0);
    this.#sum = 0;
    this.#count = 0;
  }

  record(value: number): void {
    const bounds = this.#bounds;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]!) bucket++;
    this.#counts[bucket]!++;
    this.#sum += value;
    this.#count++;
  }

  override async getForPromString(): Promise<Scrape> {
    const base = await super.getForPromString();
    const name = `${base.name}_bucket`;
    let cumulative = 0;
    // As prom-client writes them: sharedLabels (its get() merges them into labels), no exemplars.
    const bucket = (le: number | string, value: number) => ({ labels: { le }, sharedLabels: {}, value, metricName: name, exemplar: null });
    const total = (value: number, metricName: string) => ({ labels: {}, sharedLabels: {}, value, metricName });
    return {
      ...base,
      values: [
        ...this.#bounds.map((le, i) => bucket(le, (cumulative += this.#counts[i]!))),
        bucket('+Inf', this.#count),
        total(this.#sum, `${base.name}_sum`),
        total(this.#count, `${base.name}_count`),
      ],
    };
  }
}
