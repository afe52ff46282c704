import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '../store/index.ts';

interface StoredKey {
  kid: string;
  /** base64url HMAC secret. */
  secret: string;
  createdAt: number;
}

export interface KeyRingDocument {
  current: StoredKey;
  /** Still accepted for one rotation, so tokens signed just before a rotation keep working. */
  previous: StoredKey | null;
}

export interface KeyRing {
  signingKey(): Promise<{ kid: string; key: Uint8Array }>;
  /** null for a kid that is neither the current nor the previous key. */
  verificationKey(kid: string): Promise<Uint8Array | null>;
}

/** Re-reading the shared version at most this often lets every instance notice another's rotation. */
const RECHECK_MS = 2_000;

/**
 * Playback signing keys shared by every overlay instance through the store. Whichever instance
 * first sees the current key is due creates the next one with a compare-and-set, so two
 * instances racing to rotate end up with one new key, not two.
 */
export function createKeyRing(options: { documents: DocumentStore; rotationMs: number; name?: string; now?: () => number }): KeyRing {
  const name = options.name ?? 'playback-signing-keys';
  const now = options.now ?? Date.now;
  let cached: { version: number; doc: KeyRingDocument; keys: Map<string, Uint8Array>; checkedAt: number } | null = null;
  let lastMissReload = 0;

  function remember(version: number, doc: KeyRingDocument) {
    const keys = new Map<string, Uint8Array>();
    for (const key of [doc.current, doc.previous]) if (key) keys.set(key.kid, Buffer.from(key.secret, 'base64url'));
    cached = { version, doc, keys, checkedAt: now() };
    return cached;
  }

  async function load() {
    const stored = await options.documents.read<KeyRingDocument>(name);
    return stored ? remember(stored.version, stored.data) : null;
  }

  async function fresh() {
    if (cached && now() - cached.checkedAt < RECHECK_MS) return cached;
    if (cached && (await options.documents.version(name)) === cached.version) {
      cached.checkedAt = now();
      return cached;
    }
    return load();
  }

  async function rotate(expectedVersion: number, previous: StoredKey | null) {
    const next: KeyRingDocument = {
      current: { kid: randomBytes(8).toString('hex'), secret: randomBytes(32).toString('base64url'), createdAt: now() },
      previous,
    };
    const result = await options.documents.write(name, expectedVersion, next);
    // Losing the race is fine: someone else rotated; use theirs.
    return result.ok ? remember(result.version, next) : load();
  }

  return {
    async signingKey() {
      let ring = await fresh();
      if (!ring) ring = await rotate(0, null);
      else if (now() - ring.doc.current.createdAt >= options.rotationMs) ring = await rotate(ring.version, ring.doc.current);
      if (!ring) throw new Error('the playback key ring could not be created in the store');
      const { kid } = ring.doc.current;
      return { kid, key: ring.keys.get(kid)! };
    },
    async verificationKey(kid) {
      let ring = await fresh();
      if (ring?.keys.has(kid)) return ring.keys.get(kid)!;
      // A kid we do not know may come from an instance that just rotated; look again, but not on every forged token.
      if (now() - lastMissReload < 1_000) return null;
      lastMissReload = now();
      ring = await load();
      return ring?.keys.get(kid) ?? null;
    },
  };
}
