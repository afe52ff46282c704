import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempStore } from '../../test/harness/temp-store.ts';
import type { Store } from '../store/index.ts';
import { createPasswordLinks, LINK_TTL_MS } from './links.ts';

let store: Store & { remove(): Promise<void> };
let clock = Date.UTC(2026, 0, 1);
beforeAll(async () => {
  store = await openTempStore('links');
});
afterAll(() => store?.remove());

const links = () => createPasswordLinks({ documents: store.documents, now: () => clock });

describe('set-password links', () => {
  it('stores only the SHA-256 of a token, which is 32 random bytes in base64url', async () => {
    const { token, expiresAt } = await links().issue('hashed', 'demo-admin');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(clock + LINK_TTL_MS);
    const stored = JSON.stringify(await store.documents.read('set-password-links'));
    expect(stored).not.toContain(token);
    expect(stored).toContain('hashed');
  });

  it('works once: the first claim gets it, every later one hears it was used', async () => {
    const { token } = await links().issue('once', 'demo-admin');
    expect(await links().inspect(token)).toEqual({ state: 'valid', username: 'once', issuedBy: 'demo-admin', expiresAt: clock + LINK_TTL_MS });
    const claims = await Promise.all([
      links().claim(token),
      links().claim(token),
      createPasswordLinks({ documents: store.documents, now: () => clock }).claim(token),
    ]);
    expect(claims.map((c) => c.state).sort()).toEqual(['used', 'used', 'valid']);
    expect(await links().inspect(token)).toEqual({ state: 'used', username: 'once', issuedBy: 'demo-admin' });
  });

  it('a released claim (the directory write failed) makes the link usable again', async () => {
    const { token } = await links().issue('released', 'demo-admin');
    expect((await links().claim(token)).state).toBe('valid');
    await links().release(token);
    expect((await links().claim(token)).state).toBe('valid');
  });

  it('expires after 24 hours, by the injected clock', async () => {
    const { token } = await links().issue('late', 'demo-admin');
    clock += LINK_TTL_MS - 1;
    expect((await links().inspect(token)).state).toBe('valid');
    clock += 1;
    expect(await links().claim(token)).toEqual({ state: 'expired', username: 'late', issuedBy: 'demo-admin' });
  });

  it('a new link for a person retires the older one', async () => {
    const first = await links().issue('twice', 'demo-admin');
    const second = await links().issue('twice', 'other-admin');
    expect(await links().claim(first.token)).toEqual({ state: 'replaced', username: 'twice', issuedBy: 'demo-admin' });
    expect((await links().claim(second.token)).state).toBe('valid');
  });

  it('knows nothing of made-up or malformed tokens, and forgets old links a week after they expire', async () => {
    expect(await links().inspect('A'.repeat(43))).toEqual({ state: 'unknown' });
    expect(await links().claim('not a token')).toEqual({ state: 'unknown' });
    const { token } = await links().issue('forgotten', 'demo-admin');
    clock += LINK_TTL_MS + 7 * 24 * 3_600_000;
    await links().issue('someone-else', 'demo-admin'); // any write prunes
    expect(await links().inspect(token)).toEqual({ state: 'unknown' });
  });
});
