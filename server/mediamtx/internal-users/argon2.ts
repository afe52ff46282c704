/**
 * `argon2:<PHC string>` credentials, decoded as MediaMTX's argon2 library (matthewhartstonge/argon2)
 * decodes them and verified the way it verifies them: argon2i and argon2id only (its argon2d "hash"
 * is all zeroes, so argon2d never matches), always with Argon2 version 0x13 whatever `v=` says (so
 * a `v=16` hash never matches). Hashes that can never match are refused here, with the reason.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { argon2i, argon2id } from 'hash-wasm';
import { LRUCache } from 'lru-cache';

export interface Argon2Encoding {
  mode: 'i' | 'id';
  memory: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

const UINT32_MAX = 0xffff_ffff;
// `$argon2<mode>$v=<v>$m=<m>,t=<t>,p=<p>[anything]$<salt>$<hash>`, both base64 without padding.
const PHC = /^\$argon2(id|i|d)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)[^$]*\$([^$]+)\$(.+)$/s;
const RAW_BASE64 = /^[A-Za-z0-9+/]*$/;

function rawBase64(text: string): Uint8Array | null {
  if (!RAW_BASE64.test(text) || text.length % 4 === 1) return null;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function decodeArgon2(encoded: string): Argon2Encoding | { error: string } {
  const match = PHC.exec(encoded);
  if (!match) return { error: 'invalid argon2 hash: not in the $argon2id$v=19$m=..,t=..,p=..$salt$hash form' };
  // The pattern has exactly these seven groups, so every one is there when it matched.
  const [, mode, version, memory, iterations, parallelism, saltText, hashText] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const [v, m, t, p] = [version, memory, iterations, parallelism].map(Number) as [number, number, number, number];
  if (v < 1 || v > 255 || m < 1 || m > UINT32_MAX || t < 1 || t > UINT32_MAX || p < 1 || p > 255) {
    return { error: 'invalid argon2 hash: v, m, t or p out of range' };
  }
  const salt = rawBase64(saltText);
  const hash = rawBase64(hashText);
  if (!salt || !hash || salt.length === 0 || hash.length === 0) return { error: 'invalid argon2 hash: bad base64 salt or hash' };
  if (mode === 'd') return { error: 'argon2d hashes never match in MediaMTX (only argon2i and argon2id are computed)' };
  if (v !== 0x13) return { error: `argon2 v=${v} hashes never match in MediaMTX (it always computes version 19)` };
  // Go's argon2 accepts these; hash-wasm refuses them, so fail closed and say so rather than never match silently.
  if (salt.length < 8) return { error: 'argon2 salt shorter than 8 bytes is not supported by the overlay' };
  if (hash.length < 4) return { error: 'argon2 hash shorter than 4 bytes is not supported by the overlay' };
  if (m < 8 * p) return { error: 'argon2 m below 8*p is not supported by the overlay' };
  return { mode: mode as 'i' | 'id', memory: m, iterations: t, parallelism: p, salt, hash };
}

async function computeMatches(encoding: Argon2Encoding, guess: string): Promise<boolean> {
  // hash-wasm cannot hash an empty password; Go could, so only an argon2 of "" behaves differently.
  if (guess === '') return false;
  const derive = encoding.mode === 'id' ? argon2id : argon2i;
  const derived = await derive({
    password: guess,
    salt: encoding.salt,
    iterations: encoding.iterations,
    parallelism: encoding.parallelism,
    memorySize: encoding.memory,
    hashLength: encoding.hash.length,
    outputType: 'binary',
  });
  return timingSafeEqual(derived, encoding.hash);
}

/**
 * MediaMTX calls the auth endpoint on every session start and argon2 costs tens to hundreds of
 * milliseconds, so results are remembered. Keys are an HMAC (per-process random key) of the encoding
 * and the guess: the map never holds a password, nor anything that can be tested offline without
 * the process's memory. Concurrent identical verifications share one computation. Least recently
 * used out first: a hit counts, so the credentials clients keep presenting stay.
 */
export class Argon2Verifier {
  readonly #key = randomBytes(32);
  readonly #results: LRUCache<string, Promise<boolean>>;
  computations = 0;

  constructor(capacity = 512) {
    this.#results = new LRUCache({ max: capacity });
  }

  verify(encoded: string, encoding: Argon2Encoding, guess: string): Promise<boolean> {
    const key = createHmac('sha256', this.#key).update(encoded).update('\0').update(guess).digest('base64');
    const known = this.#results.get(key);
    if (known) return known;
    this.computations++;
    const pending = computeMatches(encoding, guess).catch(() => {
      // Not remembered: an allocation failure says nothing about the password.
      this.#results.delete(key);
      return false;
    });
    this.#results.set(key, pending);
    return pending;
  }
}

export const sharedArgon2Verifier = new Argon2Verifier();
