/**
 * Attack table: token confusion at MediaMTX's auth callback (POST /auth/mediamtx, authMethod: http).
 * A playback token says who, never what: every row below tries to make a token say more, or
 * pass for someone else, and must be refused; one control row shows a real token still works.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { askMediamtxAuth, putRuleAsAdmin } from '../harness/overlay-calls.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
let viewerToken: string;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
  await putRuleAsAdmin(stack.overlay.url, { path: 'drone1', groups: ['vid_private'] });
  const credential = await fetch(`${stack.overlay.url}/api/hlsviewer-credential`, { headers: asForwardAuthUser('demo-viewer') });
  viewerToken = ((await credential.json()) as { password: string }).password;
});
afterAll(() => stack?.stop());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
const claimsOf = (token: string) => JSON.parse(Buffer.from(parts(token)[1], 'base64url').toString()) as Record<string, unknown>;
const headerOf = (token: string) => JSON.parse(Buffer.from(parts(token)[0], 'base64url').toString()) as Record<string, unknown>;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

const auth = (fields: Record<string, unknown>) => askMediamtxAuth(stack.overlay.url, { protocol: 'hls', userAgent: 'attack', ...fields });

/** `by`: how the overlay identified the caller, where the status alone cannot tell the refusal apart. */
type Row = [what: string, fields: () => Promise<Record<string, unknown>>, status: number, by?: string];

const ROWS: Row[] = [
  ["control: the viewer's own token reads a stream their group sees", async () => ({ user: 'demo-viewer', password: viewerToken }), 204],
  [
    "the viewer's token, claiming to be an admin, reads a stream only vid_private sees",
    async () => ({ user: 'demo-admin', password: viewerToken, path: 'drone1' }),
    401,
  ],
  ["the viewer's token in the query, for that same stream", async () => ({ query: `token=${viewerToken}`, path: 'drone1' }), 401],
  ["the viewer's token used to publish", async () => ({ user: 'demo-viewer', password: viewerToken, action: 'publish' }), 401],
  ["the viewer's token used for the control API", async () => ({ token: viewerToken, action: 'api', path: '', protocol: '' }), 401],
  ["the viewer's token used for metrics", async () => ({ token: viewerToken, action: 'metrics', path: '', protocol: '' }), 401],
  [
    "the viewer's signature over an admin's claims",
    async () => {
      const [header, , signature] = parts(viewerToken);
      return { token: `${header}.${b64({ ...claimsOf(viewerToken), sub: 'demo-admin' })}.${signature}` };
    },
    401,
  ],
  [
    'alg "none" with the real key id, claiming an admin',
    async () => {
      const forged = `${b64({ ...headerOf(viewerToken), alg: 'none' })}.${b64({ ...claimsOf(viewerToken), sub: 'demo-admin' })}.`;
      return { user: 'demo-admin', password: forged, path: 'drone1' };
    },
    401,
  ],
  [
    'HS256 under the real key id with a guessed key',
    async () => {
      const forged = await new SignJWT({ aud: 'mediamtx-playback' })
        .setProtectedHeader({ alg: 'HS256', kid: String(headerOf(viewerToken).kid) })
        .setSubject('demo-admin')
        .setExpirationTime(inAnHour())
        .sign(new TextEncoder().encode('secret'));
      return { token: forged, path: 'drone1' };
    },
    401,
  ],
  [
    "HS512 over the viewer's claims (another algorithm, the same shape)",
    async () => {
      const forged = await new SignJWT(claimsOf(viewerToken))
        .setProtectedHeader({ alg: 'HS512', kid: String(headerOf(viewerToken).kid) })
        .sign(new TextEncoder().encode('x'.repeat(64)));
      return { token: forged };
    },
    401,
  ],
  [
    'a MediaMTX-style JWT granting read on every path, signed by someone else',
    async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT({ mediamtx_permissions: [{ action: 'read', path: '' }] })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('demo-admin')
        .setExpirationTime(inAnHour())
        .sign(privateKey);
      return { user: 'demo-admin', password: forged, path: 'drone1' };
    },
    401,
  ],
  [
    "an expired copy of a real token's claims (re-signed by nobody)",
    async () => {
      const [header, , signature] = parts(viewerToken);
      return { token: `${header}.${b64({ ...claimsOf(viewerToken), exp: 1 })}.${signature}` };
    },
    401,
  ],
  [
    'a JWT-shaped password for a real directory user is never tried as an LDAP password',
    async () => ({ user: 'demo-viewer', password: `${parts(viewerToken)[0]}.e30.x` }),
    401,
    // The directory would refuse this password too: only a token refusal shows it was never bound with.
    'token',
  ],
];

describe('token confusion at the MediaMTX auth callback', () => {
  it.each(ROWS)('%s', async (_, fields, status, by) => {
    expect(await auth(await fields())).toBe(status);
    if (by) expect(stack.overlay.services!.auth.decisions.list({ limit: 1 })[0]).toMatchObject({ by });
  });
});
