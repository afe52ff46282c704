/**
 * A `user` or `pass` value as MediaMTX's conf.Credential reads and checks it:
 * - `""` accepts any guess (a named user with no `pass` takes any password);
 * - `sha256:<base64>` compares the base64 of sha256(guess) with the configured text;
 * - `argon2:<PHC>` verifies with argon2;
 * - anything else is compared as plain text, and must use MediaMTX's allowed characters.
 * Comparisons run in constant time over sha256 digests, which also evens out the lengths.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeArgon2, sharedArgon2Verifier, type Argon2Verifier } from './argon2.ts';
import type { CredentialCheck } from './types.ts';

// The set MediaMTX v1.x accepts for plain credentials (older releases lacked `@#&`).
const PLAIN = /^[a-zA-Z0-9!$()*+.;<=>[\]^_\-{}@#&]+$/;
const SHA256 = /^sha256:[a-zA-Z0-9+/=]+$/;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function sameText(expectedDigest: Buffer, actual: string): boolean {
  return timingSafeEqual(expectedDigest, digest(actual));
}

export function isHashedCredential(value: string): boolean {
  return value.startsWith('sha256:') || value.startsWith('argon2:');
}

export function compileCredential(
  value: string,
  verifier: Argon2Verifier = sharedArgon2Verifier,
): { credential: CredentialCheck } | { error: string } {
  if (value === '') return { credential: { kind: 'empty', check: () => true } };

  if (value.startsWith('sha256:')) {
    if (!SHA256.test(value)) return { error: 'sha256 hash must be base64 encoded' };
    const expected = digest(value.slice('sha256:'.length));
    return {
      credential: {
        kind: 'sha256',
        check: (guess) => sameText(expected, createHash('sha256').update(guess, 'utf8').digest('base64')),
      },
    };
  }

  if (value.startsWith('argon2:')) {
    const encoded = value.slice('argon2:'.length);
    const encoding = decodeArgon2(encoded);
    if ('error' in encoding) return encoding;
    return { credential: { kind: 'argon2', check: (guess) => verifier.verify(encoded, encoding, guess) } };
  }

  if (!PLAIN.test(value)) {
    return { error: 'contains characters MediaMTX does not support in plain credentials (A-Z a-z 0-9 !$()*+.;<=>[]^_-{}@#&)' };
  }
  const expected = digest(value);
  return { credential: { kind: 'plain', check: (guess) => sameText(expected, guess) } };
}
