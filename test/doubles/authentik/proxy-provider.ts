/**
 * The stream site's application and its proxy provider, as the overlay meets them: the JWKS at
 * /application/o/<slug>/jwks/ and the token the outpost sends as X-Authentik-Jwt (the provider's
 * access token, which the outpost's X-Authentik-Username and -Groups are copied from), signed with
 * jose as Authentik signs it (providers/oauth2: IDToken.to_access_token, OAuth2Provider.jwt_key):
 *   'client-secret' — what Authentik does for proxy providers, which never have a signing key:
 *                     HS256 with the client secret, no kid, and a JWKS of `{}`;
 *   'rsa' / 'ec'    — a provider with a signing key: RS256 / ES256 with its kid, listed in the JWKS.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { AkModel } from './model.ts';

export interface ProxyProviderOptions {
  slug: string;
  clientId?: string;
  clientSecret?: string;
  /** 'client-secret' (Authentik's proxy providers) by default. */
  signing?: 'client-secret' | 'rsa' | 'ec';
  /** The iss Authentik writes; default <double>/application/o/<slug>/ (the address the outpost used). */
  issuer?: string;
}

export interface ProxyProviderDouble {
  slug: string;
  clientId: string;
  clientSecret: string;
  issuer: string;
  jwksUrl: string;
  /** The kid of the current signing key; null for 'client-secret'. */
  kid(): string | null;
  /**
   * The token the outpost would send for this person, with the claims Authentik writes; `claims`
   * replaces or adds any (exp in seconds since the epoch, undefined values are left out).
   */
  tokenFor(user: { username: string; groups: readonly string[] }, claims?: Record<string, unknown>): Promise<string>;
  /** Authentik after the provider's signing key was replaced: the JWKS lists only the new one. */
  rotateKey(): Promise<void>;
  /** GETs of the JWKS so far. */
  jwksReads(): number;
}

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: Record<string, unknown>;
}

async function newSigningKey(kind: 'rsa' | 'ec'): Promise<SigningKey> {
  const alg = kind === 'rsa' ? 'RS256' : 'ES256';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  // Authentik's kid is a hash of the certificate; any stable unique text does here.
  const kid = randomBytes(16).toString('hex');
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** Registers the JWKS route (open, like Authentik's) and returns the provider; call before any auth middleware. */
export async function registerProxyProvider(
  app: Hono<any>,
  model: AkModel,
  options: ProxyProviderOptions,
  baseUrl: () => string,
): Promise<ProxyProviderDouble> {
  const signing = options.signing ?? 'client-secret';
  const clientId = options.clientId ?? randomBytes(20).toString('base64url');
  const clientSecret = options.clientSecret ?? randomBytes(64).toString('base64url');
  let key = signing === 'client-secret' ? null : await newSigningKey(signing);
  let reads = 0;
  const path = `/application/o/${options.slug}/jwks/`;

  app.get(path, (c) => {
    reads += 1;
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(key ? { keys: [key.jwk] } : {});
  });

  const provider: ProxyProviderDouble = {
    slug: options.slug,
    clientId,
    clientSecret,
    get issuer() {
      return options.issuer ?? `${baseUrl()}/application/o/${options.slug}/`;
    },
    get jwksUrl() {
      return `${baseUrl()}${path}`;
    },
    kid: () => key?.kid ?? null,
    async tokenFor(user, claims = {}) {
      const person = model.userNamed(user.username);
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: provider.issuer,
        // sub_mode hashed_user_id: Authentik's user.uid, a sha256 hex
        sub: createHash('sha256')
          .update(`${person?.pk ?? user.username}-double`)
          .digest('hex'),
        aud: clientId,
        exp: now + 24 * 3600,
        iat: now,
        auth_time: now,
        acr: 'goauthentik.io/providers/oauth2/default',
        sid: randomBytes(32).toString('hex'),
        email: person?.email ?? `${user.username}@example.test`,
        email_verified: true,
        name: person?.name ?? user.username,
        given_name: person?.name ?? user.username,
        preferred_username: user.username,
        nickname: user.username,
        groups: [...user.groups],
        ak_proxy: { user_attributes: {}, is_superuser: false },
        azp: clientId,
        uid: randomBytes(20).toString('hex'),
        ...claims,
      };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      if (!key) return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(Buffer.from(clientSecret, 'utf8'));
      return new SignJWT(payload).setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid }).sign(key.privateKey);
    },
    async rotateKey() {
      if (signing === 'client-secret') throw new Error('a provider without a signing key has no key to rotate');
      key = await newSigningKey(signing);
    },
    jwksReads: () => reads,
  };
  return provider;
}
