import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { OverlayError } from '../http/errors.ts';
import { MediamtxApiError } from '../mediamtx/api-client.ts';
import { compileRules } from '../rules/compile.ts';
import type { JwtKeyRing } from './key-ring.ts';
import { createMediamtxJwts, type MediamtxJwtOptions } from './tokens.ts';

const policy = { defaultGroups: ['vid_public'], adminGroups: ['vid_admin'], groupPrefix: 'vid_' };
const rules = compileRules([{ path: 'live/*', groups: ['vid_ops'], updatedBy: 't', updatedAt: '2025-01-01T00:00:00.000Z' }], policy);
const NOW = Date.UTC(2026, 0, 27, 12);

async function fixedRing(): Promise<JwtKeyRing> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  return { signingKey: async () => ({ kid: 'k1', key: privateKey }), publicKeys: async () => ({ keys: [{ ...jwk, kid: 'k1' }] }) };
}

async function jwts(overrides: Partial<MediamtxJwtOptions> = {}) {
  return createMediamtxJwts({
    ring: await fixedRing(),
    ttlMs: 600_000,
    issuer: null,
    audience: null,
    rules: () => rules,
    knownPaths: async () => ['cam1', 'live/a'],
    now: () => NOW,
    ...overrides,
  });
}

describe('MediaMTX JWTs', () => {
  it('let members of PUBLISH_GROUPS publish, since MediaMTX reads no internal users in JWT mode', async () => {
    const admin = await (await jwts()).issue({ username: 'boss', groups: ['vid_admin'] });
    expect(admin.permissions).toContainEqual({ action: 'publish', path: '' });
    const viewer = await (await jwts()).issue({ username: 'alice', groups: ['vid_ops'] });
    expect(viewer.permissions.some((p) => p.action === 'publish')).toBe(false);
  });

  it('name the user, carry the claim, and leave out iss and aud unless configured', async () => {
    const issued = await (await jwts()).issue({ username: 'alice', groups: ['vid_ops', 'vid_public'] });
    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'ES256', kid: 'k1', typ: 'JWT' });
    const payload = decodeJwt(issued.token);
    expect(payload).toEqual({ sub: 'alice', iat: NOW / 1000, exp: NOW / 1000 + 600, mediamtx_permissions: issued.permissions });
    expect(issued.expiresAt).toBe(new Date(NOW + 600_000).toISOString());
    expect(issued.permissions.map((p) => p.path)).toEqual(['~^live/[^/]*$', '~^live/[^/]*$', 'cam1', 'cam1']);
    const named = await (await jwts({ issuer: 'https://o.example', audience: 'mediamtx' })).issue({ username: 'alice', groups: [] });
    expect(decodeJwt(named.token)).toMatchObject({ iss: 'https://o.example', aud: 'mediamtx', mediamtx_permissions: [] });
  });

  it('does not ask MediaMTX for the paths when the user is an admin', async () => {
    let asked = 0;
    const issuer = await jwts({
      knownPaths: async () => {
        asked++;
        return [];
      },
    });
    expect((await issuer.issue({ username: 'root', groups: ['vid_admin'] })).permissions).toEqual([
      { action: 'read', path: '' },
      { action: 'playback', path: '' },
      { action: 'publish', path: '' },
    ]);
    expect(asked).toBe(0);
  });

  it('answers 503 when MediaMTX cannot list its paths', async () => {
    const issuer = await jwts({
      knownPaths: async () => {
        throw new MediamtxApiError('down');
      },
    });
    const error = await issuer.issue({ username: 'alice', groups: ['vid_public'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverlayError);
    expect((error as OverlayError).status).toBe(503);
  });
});
