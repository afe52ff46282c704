import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { DocumentStore } from '../store/index.ts';
import { createRotatingKeys, randomKid, type RingDocument } from '../store/rotating-keys.ts';

/**
 * ES256 (P-256 ECDSA): every JWT and JWKS implementation supports it, MediaMTX's included, and
 * WebCrypto makes it without extra code. EdDSA would give shorter keys but nothing we need, and
 * some verifiers in front of or beside MediaMTX still lack it.
 */
export const JWT_ALGORITHM = 'ES256';

interface StoredJwtKey {
  kid: string;
  createdAt: number;
  privateJwk: JWK;
  publicJwk: JWK;
}

export type JwtKeyRingDocument = RingDocument<StoredJwtKey>;

export interface JwtKeyRing {
  signingKey(): Promise<{ kid: string; key: CryptoKey }>;
  /** The JWKS: the next key (published ahead), the current one and the previous one. */
  publicKeys(): Promise<{ keys: JWK[] }>;
}

interface DerivedKeys {
  signing: { kid: string; key: CryptoKey };
  jwks: { keys: JWK[] };
}

async function newJwtKey(createdAt: number): Promise<StoredJwtKey> {
  const { privateKey, publicKey } = await generateKeyPair(JWT_ALGORITHM, { extractable: true });
  return { kid: randomKid(), createdAt, privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

function published(key: StoredJwtKey): JWK {
  return { ...key.publicJwk, kid: key.kid, alg: JWT_ALGORITHM, use: 'sig' };
}

/**
 * MediaMTX JWT signing keys, shared by every overlay instance through the store (rotation and
 * compare-and-set as for playback keys, see rotating-keys.ts). MediaMTX reads the JWKS at most
 * once an hour and does not look again for an unknown kid, so each key is published a whole
 * rotation period before it starts signing (`lookahead`), and stays published for one period
 * after, while the tokens it signed can still be presented.
 */
export function createJwtKeyRing(options: { documents: DocumentStore; rotationMs: number; name?: string; now?: () => number }): JwtKeyRing {
  const ring = createRotatingKeys<StoredJwtKey, DerivedKeys>({
    documents: options.documents,
    name: options.name ?? 'jwt-signing-keys',
    rotationMs: options.rotationMs,
    now: options.now,
    lookahead: true,
    newKey: newJwtKey,
    async derive(doc) {
      const key = (await importJWK(doc.current.privateJwk, JWT_ALGORITHM)) as CryptoKey;
      const keys = [doc.next, doc.current, doc.previous].filter((k): k is StoredJwtKey => Boolean(k)).map(published);
      return { signing: { kid: doc.current.kid, key }, jwks: { keys } };
    },
  });

  return {
    signingKey: async () => (await ring.active()).derived.signing,
    publicKeys: async () => (await ring.active()).derived.jwks,
  };
}
