import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileCredential } from './credential.ts';
import { Guess, keyedDigest } from './guess.ts';
import { parseClientIp, parseClientIpCached } from './ip-networks.ts';
import { sha256Credential } from './test-fixtures.ts';

const base64Sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

describe('Guess', () => {
  it('compares by keyed digests: equal texts agree, others differ, and none is the bare sha256', () => {
    const guess = new Guess('pässword');
    expect(guess.digest).toBe(keyedDigest('pässword'));
    expect(guess.digest).toBe(new Guess('pässword').digest);
    expect(guess.digest).not.toBe(new Guess('password').digest);
    expect(guess.digest).not.toBe(createHash('sha256').update('pässword', 'utf8').digest('base64'));
    expect(guess.digest).toHaveLength(44);
    expect(guess.sha256Digest).toBe(keyedDigest(base64Sha256('pässword')));
  });

  it('gives a user name the same digests through the shared cache as without it', () => {
    expect(Guess.forName('hlsviewer').digest).toBe(new Guess('hlsviewer').digest);
    expect(Guess.forName('hlsviewer').sha256Digest).toBe(new Guess('hlsviewer').sha256Digest);
  });

  it('runs one argon2 verification per encoded hash', async () => {
    const guess = new Guess('pw');
    let runs = 0;
    const verify = async () => ++runs > 0;
    await Promise.all([guess.argon2('$argon2id$a', verify), guess.argon2('$argon2id$a', verify), guess.argon2('$argon2id$b', verify)]);
    expect(runs).toBe(2);
  });

  it('gives the same answers through a shared Guess as through a bare string', () => {
    const guesses = ['secret', 'Secret', '', 'sëcret'].map((text) => new Guess(text));
    for (const configured of ['secret', sha256Credential('secret'), '']) {
      const compiled = compileCredential(configured);
      if ('error' in compiled || compiled.credential.kind === 'argon2') throw new Error('expected a cheap credential');
      const { credential } = compiled;
      expect(guesses.map((g) => credential.matches(g))).toEqual(guesses.map((g) => credential.check(g.text)));
      expect(credential.matches(guesses[0]!)).toBe(true);
      expect(credential.matches(guesses[1]!)).toBe(configured === '');
    }
  });
});

describe('parseClientIpCached', () => {
  it('answers as parseClientIp does, for addresses and non-addresses alike', () => {
    for (const text of ['10.0.0.1', ' 10.0.0.1 ', '::ffff:127.0.0.1', '::1', 'fe80::1%eth0', '127.1', 'nope', '']) {
      for (let round = 0; round < 2; round++) expect(parseClientIpCached(text)?.toString() ?? null, text).toBe(parseClientIp(text)?.toString() ?? null);
    }
  });
});
