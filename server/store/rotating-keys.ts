import { randomBytes } from 'node:crypto';
import type { DocumentStore } from './types.ts';

/** What every stored key carries; the key material itself is the caller's. */
export interface RingKey {
  kid: string;
  /** When the key was made (ms since the epoch). */
  createdAt: number;
}

export interface RingDocument<K extends RingKey> {
  /** Signs now. */
  current: K;
  /** Still accepted for one rotation, so tokens signed just before a rotation keep working. */
  previous: K | null;
  /** Only with `lookahead`: made at the last rotation, published now, signs from the next one. */
  next?: K;
}

export interface Ring<K extends RingKey, D> {
  version: number;
  doc: RingDocument<K>;
  /** What the caller built from the document (imported keys); rebuilt only when the document changes. */
  derived: D;
}

export interface RotatingKeys<K extends RingKey, D> {
  /** The ring to sign with: created on first use, rotated first when a period has passed. */
  active(): Promise<Ring<K, D>>;
  /** The ring as last seen (re-read when another instance changed it); null before anyone made it. */
  peek(): Promise<Ring<K, D> | null>;
  /** Reads the store again now, at most once a second: for a kid an instance may have just made. */
  reload(): Promise<Ring<K, D> | null>;
  /** What peek() would answer without reading the store, or null when it would read it: no promise. */
  peekCached(): Ring<K, D> | null;
}

export interface RotatingKeysOptions<K extends RingKey, D> {
  documents: DocumentStore;
  /** The store document holding the ring. */
  name: string;
  rotationMs: number;
  now?: () => number;
  newKey(createdAt: number): Promise<K>;
  derive(doc: RingDocument<K>): D | Promise<D>;
  /**
   * Keep a `next` key published a whole period before it signs, for verifiers that fetch the
   * public keys on their own schedule and do not look again for an unknown kid (MediaMTX's JWKS).
   */
  lookahead?: boolean;
}

/** Re-reading the shared version at most this often lets every instance notice another's rotation. */
const RECHECK_MS = 2_000;
const MISS_RELOAD_MS = 1_000;

export function randomKid(): string {
  return randomBytes(8).toString('hex');
}

/**
 * Signing keys shared by every overlay instance through one store document. Whichever instance
 * first sees that a rotation is due writes the next ring with a compare-and-set, so two instances
 * racing to rotate end up with one new key, not two; the loser adopts the winner's ring.
 */
export function createRotatingKeys<K extends RingKey, D>(options: RotatingKeysOptions<K, D>): RotatingKeys<K, D> {
  const { documents, name, rotationMs } = options;
  const now = options.now ?? Date.now;
  let cached: (Ring<K, D> & { checkedAt: number }) | null = null;
  let lastMissReload = 0;

  async function remember(version: number, doc: RingDocument<K>) {
    const derived = cached?.version === version ? cached.derived : await options.derive(doc);
    cached = { version, doc, derived, checkedAt: now() };
    return cached;
  }

  async function load() {
    const stored = await documents.read<RingDocument<K>>(name);
    return stored ? remember(stored.version, stored.data) : null;
  }

  async function fresh() {
    if (cached && now() - cached.checkedAt < RECHECK_MS) return cached;
    if (cached && (await documents.version(name)) === cached.version) {
      cached.checkedAt = now();
      return cached;
    }
    return load();
  }

  /** The newest key was made at the last rotation (or at creation): the period counts from it. */
  function due(doc: RingDocument<K>): boolean {
    return now() - (doc.next ?? doc.current).createdAt >= rotationMs;
  }

  async function write(expectedVersion: number, previous: RingDocument<K> | null) {
    const made = now();
    let next: RingDocument<K>;
    if (!options.lookahead) next = { current: await options.newKey(made), previous: previous?.current ?? null };
    else {
      // A ring written before lookahead was on has no `next`: its successor is made now.
      const current = previous ? (previous.next ?? (await options.newKey(made))) : await options.newKey(made);
      next = { current, previous: previous?.current ?? null, next: await options.newKey(made) };
    }
    const result = await documents.write(name, expectedVersion, next);
    // Losing the race is fine: someone else wrote the ring; use theirs.
    return result.ok ? remember(result.version, next) : load();
  }

  return {
    async active() {
      let ring = await fresh();
      if (!ring) ring = await write(0, null);
      else if (due(ring.doc)) ring = await write(ring.version, ring.doc);
      if (!ring) throw new Error(`the key ring "${name}" could not be created in the store`);
      return ring;
    },
    peek: fresh,
    peekCached: () => (cached && now() - cached.checkedAt < RECHECK_MS ? cached : null),
    async reload() {
      // Not on every forged kid: a burst of them must not become a burst of store reads.
      if (now() - lastMissReload < MISS_RELOAD_MS) return cached;
      lastMissReload = now();
      return load();
    },
  };
}
