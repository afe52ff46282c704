import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore } from '../../test/harness/temp-store.ts';
import { createJwtKeyRing, type JwtKeyRingDocument } from './key-ring.ts';

const HOUR = 3_600_000;
let store: Awaited<ReturnType<typeof openTempStore>>;
let clock: number;
const now = () => clock;

beforeEach(async () => {
  store = await openTempStore('jwt-ring');
  clock = Date.UTC(2026, 10, 27, 12);
});
afterEach(() => store.remove());

const ring = (rotationMs = 24 * HOUR) => createJwtKeyRing({ documents: store.documents, rotationMs, now });
const kids = (jwks: { keys: Array<{ kid?: string }> }) => jwks.keys.map((k) => k.kid);

async function signWith(keys: ReturnType<typeof ring>): Promise<string> {
  const { kid, key } = await keys.signingKey();
  return new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).setSubject('alice').sign(key);
}

describe('JWT key ring', () => {
  it('publishes only public ES256 keys, and what it signs verifies against them', async () => {
    const keys = ring();
    const jwks = await keys.publicKeys();
    expect(jwks.keys).toHaveLength(2); // the current key and the next one, published ahead
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
    const token = await signWith(keys);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks));
    expect(payload.sub).toBe('alice');
  });

  it('signs, after a rotation, with the key published a whole period before', async () => {
    const keys = ring(2 * HOUR);
    const first = (await keys.signingKey()).kid;
    const [next] = kids(await keys.publicKeys());
    expect(next).not.toBe(first);
    clock += 2 * HOUR - 1;
    expect((await keys.signingKey()).kid).toBe(first); // not due yet
    clock += 1;
    const second = (await keys.signingKey()).kid;
    expect(second).toBe(next);
    const afterOne = kids(await keys.publicKeys());
    expect(afterOne.slice(1)).toEqual([second, first]); // a new next, the current, the previous kept one period
    clock += 2 * HOUR;
    expect((await keys.signingKey()).kid).toBe(afterOne[0]);
    expect(kids(await keys.publicKeys())).not.toContain(first); // two periods on, gone
  });

  it('keeps tokens signed before a rotation verifiable for one more period', async () => {
    const keys = ring(2 * HOUR);
    const token = await signWith(keys);
    clock += 2 * HOUR;
    await keys.signingKey();
    await expect(jwtVerify(token, createLocalJWKSet(await keys.publicKeys()))).resolves.toBeTruthy();
    clock += 2 * HOUR;
    await keys.signingKey();
    await expect(jwtVerify(token, createLocalJWKSet(await keys.publicKeys()))).rejects.toThrow();
  });

  it('lets two instances that rotate at once end with one key', async () => {
    const a = ring(2 * HOUR);
    const b = ring(2 * HOUR);
    const created = await Promise.all([a.signingKey(), b.signingKey()]);
    expect(created[0].kid).toBe(created[1].kid);
    expect(await store.documents.version('jwt-signing-keys')).toBe(1);
    clock += 2 * HOUR;
    const rotated = await Promise.all([a.signingKey(), b.signingKey(), a.publicKeys(), b.publicKeys()]);
    expect(rotated[0].kid).toBe(rotated[1].kid);
    expect(rotated[2]).toEqual(rotated[3]);
    const stored = await store.documents.read<JwtKeyRingDocument>('jwt-signing-keys');
    expect(stored?.version).toBe(2);
    expect(stored?.data.current.kid).toBe(rotated[0].kid);
  });

  it("notices another instance's rotation within seconds", async () => {
    const a = ring(2 * HOUR);
    const b = ring(2 * HOUR);
    await a.signingKey();
    await b.signingKey();
    clock += 2 * HOUR;
    const rotated = (await a.signingKey()).kid;
    clock += 2_000; // b re-checks the shared version
    expect((await b.signingKey()).kid).toBe(rotated);
  });
});
