import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '../store/index.ts';
import { createRotatingKeys, randomKid, type RingDocument } from '../store/rotating-keys.ts';

interface StoredKey {
  kid: string;
  /** base64url HMAC secret. */
  secret: string;
  createdAt: number;
}

export type KeyRingDocument = RingDocument<StoredKey>;

export interface KeyRing {
  signingKey(): Promise<{ kid: string; key: Uint8Array }>;
  /** null for a kid that is neither the current nor the previous key. */
  verificationKey(kid: string): Promise<Uint8Array | null>;
  /** verificationKey without a promise when the ring was read recently; undefined = ask verificationKey. */
  knownKey(kid: string): Uint8Array | undefined;
}

/**
 * Playback signing keys (HMAC secrets) shared by every overlay instance through the store; the
 * rotation and its compare-and-set live in rotating-keys.ts.
 */
export function createKeyRing(options: { documents: DocumentStore; rotationMs: number; name?: string; now?: () => number }): KeyRing {
  const ring = createRotatingKeys<StoredKey, Map<string, Uint8Array>>({
    documents: options.documents,
    name: options.name ?? 'playback-signing-keys',
    rotationMs: options.rotationMs,
    now: options.now,
    newKey: async (createdAt) => ({ kid: randomKid(), secret: randomBytes(32).toString('base64url'), createdAt }),
    derive(doc) {
      const keys = new Map<string, Uint8Array>();
      for (const key of [doc.current, doc.previous]) if (key) keys.set(key.kid, Buffer.from(key.secret, 'base64url'));
      return keys;
    },
  });

  return {
    async signingKey() {
      const { doc, derived } = await ring.active();
      return { kid: doc.current.kid, key: derived.get(doc.current.kid)! };
    },
    async verificationKey(kid) {
      const seen = await ring.peek();
      if (seen?.derived.has(kid)) return seen.derived.get(kid)!;
      // A kid we do not know may come from an instance that just rotated: look again (rate-limited).
      return (await ring.reload())?.derived.get(kid) ?? null;
    },
    knownKey: (kid) => ring.peekCached()?.derived.get(kid),
  };
}
