import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthentikJwtVerifier } from './authentik-jwt.ts';

const SECRET = 's'.repeat(32);

describe('createAuthentikJwtVerifier', () => {
  it('answers a token it verified from memory for a minute, or until the token expires if sooner', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const verifier = createAuthentikJwtVerifier(
      { mode: 'require', key: { kind: 'client-secret', secret: SECRET }, issuer: null, audience: null },
      { now: () => clock },
    );
    const sign = (lifetimeS: number) =>
      new SignJWT({ preferred_username: 'alice', groups: ['vid_a'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(Math.floor(clock / 1000) + lifetimeS)
        .sign(new TextEncoder().encode(SECRET));

    // A remembered answer is the same object; a new verification builds another.
    const long = await sign(3_600);
    const first = await verifier.verify(long);
    expect(first).toEqual({ username: 'alice', groups: ['vid_a'] });
    clock += 59_999;
    expect(await verifier.verify(long)).toBe(first);
    clock += 1;
    expect(await verifier.verify(long)).not.toBe(first);

    const short = await sign(10);
    const once = await verifier.verify(short);
    clock += 9_999;
    expect(await verifier.verify(short)).toBe(once);
    clock += 1;
    expect(await verifier.verify(short)).not.toBe(once); // verified again (still within jose's clock tolerance)
  });
});
