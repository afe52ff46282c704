import { hash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';

// Credentials are compared as sha256(KEY + text) with ===. The key is random per process, so how
// long a comparison takes tells a caller nothing it could use offline (the digests it would learn
// about are keyed), which is what timingSafeEqual gave before; and a string digest costs about a
// third of a Buffer one, on every internal-user match of the auth endpoint.
const KEY = randomBytes(32).toString('base64');

/** The keyed digest credentials are compared by (base64). */
export const keyedDigest = (text: string): string => hash('sha256', KEY + text, 'base64');

interface Digests {
  plain?: string;
  sha256?: string;
}

/**
 * User names are no secret (decisions log them): their digests are kept across requests, for up to
 * 10,000 names, first seen first out: read with peek(), which on this per-request path skips the
 * reordering a get() would do.
 */
const nameDigests = new LRUCache<string, Digests>({ max: 10_000 });

/**
 * The user name or the password of one auth request, with what the credential kinds compare it
 * by. authInternalUsers is tried entry by entry, and several entries often name the same kind of
 * credential: each digest (and each argon2 verification) is computed at most once per request.
 */
export class Guess {
  readonly text: string;
  readonly #digests: Digests;
  #argon2: Map<string, Promise<boolean>> | undefined;

  constructor(text: string, digests: Digests = {}) {
    this.text = text;
    this.#digests = digests;
  }

  /** A user name's Guess, sharing its digests with earlier requests (never use it for a password). */
  static forName(text: string): Guess {
    let digests = nameDigests.peek(text);
    if (!digests) nameDigests.set(text, (digests = {}));
    return new Guess(text, digests);
  }

  /** keyedDigest(text): plain credentials compare digests, which also evens out the lengths. */
  get digest(): string {
    return (this.#digests.plain ??= keyedDigest(this.text));
  }

  /** keyedDigest of base64(sha256(text)): a `sha256:<base64>` credential compares this with its base64's digest. */
  get sha256Digest(): string {
    return (this.#digests.sha256 ??= keyedDigest(hash('sha256', this.text, 'base64')));
  }

  /** An argon2 verification against one encoded hash, run once per request whichever entries name it. */
  argon2(encoded: string, verify: () => Promise<boolean>): Promise<boolean> {
    this.#argon2 ??= new Map();
    let result = this.#argon2.get(encoded);
    if (!result) this.#argon2.set(encoded, (result = verify()));
    return result;
  }
}
