// The forward-auth X-Authentik-Jwt check: what verifying a token costs per request, against the
// verifier's answer kept for a token it has seen (the outpost sends the same token all session).
// Part of `npm run bench`; `npm run bench -- jwt` runs it alone and replaces its section of RESULTS.md.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { AuthentikJwtKey } from '../server/config/index.ts';
import { createAuthentikJwtVerifier } from '../server/identity/authentik-jwt.ts';

const ISSUER = 'https://auth.example.org/application/o/streams/';
const AUDIENCE = 'client-id';
/** More distinct tokens than the verifier keeps, so cycling through them never hits. */
const DISTINCT = 2_000;
const ROUNDS = 20_000;
const claims = (i: number) => ({
  preferred_username: `user${i}`,
  groups: ['vid_public', 'tak_ROLE_X'],
  email: `user${i}@example.org`,
  ak_proxy: { user_attributes: {}, is_superuser: false },
});

async function microsPerCall(fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2_000; i++) await fn(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) await fn(i);
  return Number(process.hrtime.bigint() - started) / ROUNDS / 1_000;
}

async function measure(name: string, key: AuthentikJwtKey, sign: (i: number) => Promise<string>): Promise<string> {
  const tokens = await Promise.all(Array.from({ length: DISTINCT }, (_, i) => sign(i)));
  const verifier = createAuthentikJwtVerifier({ mode: 'require', key, issuer: ISSUER, audience: AUDIENCE });
  const miss = await microsPerCall((i) => verifier.verify(tokens[i % DISTINCT]!));
  const hit = await microsPerCall(() => verifier.verify(tokens[0]!));
  return `| ${name} | ${miss.toFixed(1)} | ${hit.toFixed(2)} | ${(miss / hit).toFixed(0)}× |`;
}

const SECRET = 's'.repeat(96);

/** The table rows: each key kind, a new token against one the verifier has seen (the baseline). */
export async function run(): Promise<string[]> {
  const hs = (i: number) =>
    new SignJWT(claims(i))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(Buffer.from(SECRET));
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/application/o/streams/jwks/`;
    const rs = (i: number) =>
      new SignJWT(claims(i))
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('1h')
        .sign(privateKey);
    return [
      await measure('HS256, AUTHENTIK_CLIENT_SECRET', { kind: 'client-secret', secret: SECRET }, hs),
      await measure("RS256, the provider's JWKS", { kind: 'jwks', url: jwksUrl }, rs),
    ];
  } finally {
    server.close();
  }
}

export function jwtMarkdown(rows: readonly string[], measuredAt: string): string {
  return `## Forward auth: verifying \`X-Authentik-Jwt\`

\`bench/authentik-jwt.ts\`, measured ${measuredAt} UTC, in-process. What checking the outpost's token costs
per request: a token the verifier has not seen (signature, claims) against one it has (kept by its
exact text for at most 60 s, never past \`exp\`), ${ROUNDS.toLocaleString('en-US')} calls each after warm-up. The outpost
sends the same token for a whole session, so requests after the first pay the second column.

${table(rows)}
`;
}

export const table = (rows: readonly string[]) =>
  ['| key | µs per verify (new token) | µs per verify (seen token) | ratio |', '|---|---|---|---|', ...rows].join('\n');
