import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore } from '../../test/harness/temp-store.ts';
import { createKeyRing } from './key-ring.ts';
import { createPlaybackTokens } from './tokens.ts';

const HOUR = 3_600_000;
let store: Awaited<ReturnType<typeof openTempStore>>;
let clock: number;
const now = () => clock;

beforeEach(async () => {
  store = await openTempStore('playback');
  clock = Date.UTC(2026, 10, 27, 12);
});
afterEach(() => store.remove());

function tokens(rotationMs = 24 * HOUR, ttlMs = HOUR) {
  return createPlaybackTokens({ ring: createKeyRing({ documents: store.documents, rotationMs, now }), ttlMs, now });
}

describe('playback tokens', () => {
  it('names the user and expires after the TTL', async () => {
    const t = tokens();
    const token = await t.issue('alice');
    expect(await t.verify(token)).toEqual({ user: 'alice', expiresAt: clock + HOUR });
    clock += HOUR + 1_000;
    expect(await t.verify(token)).toBeNull();
  });

  it('refuses tampered, foreign and malformed tokens', async () => {
    const t = tokens();
    const token = await t.issue('alice');
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'akadmin' })).toString('base64url');
    expect(await t.verify(`${header}.${forgedPayload}.${signature}`)).toBeNull();
    expect(await t.verify(`${header}.${payload}.${signature!.slice(0, -2)}AA`)).toBeNull();
    expect(await t.verify('not-a-token')).toBeNull();
    expect(await t.verify('')).toBeNull();
    const other = await openTempStore('playback-other');
    const foreign = await createPlaybackTokens({ ring: createKeyRing({ documents: other.documents, rotationMs: HOUR, now }), ttlMs: HOUR, now }).issue('alice');
    expect(await t.verify(foreign)).toBeNull();
    await other.remove();
  });

  it('is accepted by every instance sharing the store', async () => {
    const a = tokens();
    const b = tokens();
    expect(await b.verify(await a.issue('alice'))).toMatchObject({ user: 'alice' });
    expect(await a.verify(await b.issue('bob'))).toMatchObject({ user: 'bob' });
  });

  it('rotates keys and keeps the previous key valid for one rotation', async () => {
    const t = tokens(2 * HOUR, HOUR);
    const first = await t.issue('alice');
    clock += 2 * HOUR; // due: the next issue rotates
    const second = await t.issue('alice');
    expect(JSON.parse(Buffer.from(second.split('.')[0]!, 'base64url').toString()).kid).not.toBe(
      JSON.parse(Buffer.from(first.split('.')[0]!, 'base64url').toString()).kid,
    );
    const longLived = createPlaybackTokens({ ring: createKeyRing({ documents: store.documents, rotationMs: 2 * HOUR, now }), ttlMs: 10 * HOUR, now });
    const beforeRotation = await longLived.issue('carol');
    expect(await longLived.verify(beforeRotation)).not.toBeNull();
    clock += 2 * HOUR;
    await t.issue('alice'); // second rotation: the key that signed `beforeRotation` is now two back
    expect(await longLived.verify(beforeRotation)).not.toBeNull(); // still the previous key
    clock += 2 * HOUR;
    await t.issue('alice');
    expect(await longLived.verify(beforeRotation)).toBeNull();
  });

  it('re-signs for the Active Streams poll only once a minute', async () => {
    const t = tokens();
    const first = await t.recent('alice');
    clock += 30_000;
    expect(await t.recent('alice')).toBe(first);
    clock += 31_000;
    expect(await t.recent('alice')).not.toBe(first);
  });
});
