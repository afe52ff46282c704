/**
 * A `user` or `pass` value as MediaMTX's conf.Credential reads and checks it:
 * - `""` accepts any guess (a named user with no `pass` takes any password);
 * - `sha256:<base64>` compares the base64 of sha256(guess) with the configured text;
 * - `argon2:<PHC>` verifies with argon2;
 * - anything else is compared as plain text, and must use MediaMTX's allowed characters.
 * Comparisons are over keyed sha256 digests (see guess.ts), which also evens out the lengths; the
 * request's side of each comparison comes from its Guess, computed once per request.
 */
import { decodeArgon2, sharedArgon2Verifier, type Argon2Verifier } from './argon2.ts';
import { Guess, keyedDigest } from './guess.ts';
import type { CredentialCheck } from './types.ts';

// The set MediaMTX v1.x accepts for plain credentials (older releases lacked `@#&`).
const PLAIN = /^[a-zA-Z0-9!$()*+.;<=>[\]^_\-{}@#&]+$/;
const SHA256 = /^sha256:[a-zA-Z0-9+/=]+$/;

/** `matches` takes the auth request's Guess; `check` serves callers with a bare string (revocation). */
function cheap(kind: 'empty' | 'plain' | 'sha256', matches: (guess: Guess) => boolean): { credential: CredentialCheck } {
  return { credential: { kind, matches, check: (text) => matches(new Guess(text)) } };
}

export function isHashedCredential(value: string): boolean {
  return value.startsWith('sha256:') || value.startsWith('argon2:');
}

export function compileCredential(value: string, verifier: Argon2Verifier = sharedArgon2Verifier): { credential: CredentialCheck } | { error: string } {
  if (value === '') return cheap('empty', () => true);

  if (value.startsWith('sha256:')) {
    if (!SHA256.test(value)) return { error: 'sha256 hash must be base64 encoded' };
    const expected = keyedDigest(value.slice('sha256:'.length));
    return cheap('sha256', (guess) => guess.sha256Digest === expected);
  }

  if (value.startsWith('argon2:')) {
    const encoded = value.slice('argon2:'.length);
    const encoding = decodeArgon2(encoded);
    if ('error' in encoding) return encoding;
    const matches = (guess: Guess) => guess.argon2(encoded, () => verifier.verify(encoded, encoding, guess.text));
    return { credential: { kind: 'argon2', matches, check: (text) => matches(new Guess(text)) } };
  }

  if (!PLAIN.test(value)) {
    return { error: 'contains characters MediaMTX does not support in plain credentials (A-Z a-z 0-9 !$()*+.;<=>[]^_-{}@#&)' };
  }
  const expected = keyedDigest(value);
  return cheap('plain', (guess) => guess.digest === expected);
}
