/**
 * The forward-auth JWT settings (AUTHENTIK_JWT and what verifying needs), read from the validated
 * variables. Kept apart from index.ts because the rules are about one feature.
 */
import type { CombinationChecks } from './combinations.ts';
import type { Env } from './env.ts';

export type AuthentikJwtMode = 'require' | 'if-present' | 'off';

/** Where the key that checks X-Authentik-Jwt comes from. */
export type AuthentikJwtKey =
  /** The proxy provider's client secret: HS256, which is how Authentik's proxy providers sign. */
  | { kind: 'client-secret'; secret: string }
  /** The provider's published keys (a provider with a signing key: RS256 or ES256). */
  | { kind: 'jwks'; url: string };

export interface AuthentikJwtSettings {
  mode: AuthentikJwtMode;
  /** null: nothing to verify with (if-present then checks nothing; require is refused at start). */
  key: AuthentikJwtKey | null;
  /** The exact `iss` required; null = not checked. */
  issuer: string | null;
  /** The `aud` required (the provider's client ID); null = not checked. */
  audience: string | null;
}

/** The combinations AUTHENTIK_JWT needs, as rules of the config's refinement (combinations.ts). */
export function checkAuthentikJwt(checks: CombinationChecks, identity: string): void {
  const { valid, report } = checks;
  const mode = valid('AUTHENTIK_JWT') ?? 'if-present';
  const authentikUrl = valid('AUTHENTIK_URL');
  const slug = valid('AUTHENTIK_APP_SLUG');
  if (slug && !authentikUrl) report('AUTHENTIK_APP_SLUG', 'needs AUTHENTIK_URL (the issuer and the JWKS are addresses on the Authentik server)');
  if (mode === 'require' && identity !== 'forward-auth') {
    report('AUTHENTIK_JWT', "require applies to IDENTITY=forward-auth only (the overlay's own login sends no X-Authentik-Jwt); set it to off or if-present");
  } else if (mode === 'require' && !keyFrom(valid('AUTHENTIK_CLIENT_SECRET'), slug, authentikUrl) && !checks.reported('AUTHENTIK_APP_SLUG')) {
    report(
      'AUTHENTIK_JWT',
      "require needs a key to verify X-Authentik-Jwt with: AUTHENTIK_CLIENT_SECRET (the proxy provider's client secret, HS256) or AUTHENTIK_URL with AUTHENTIK_APP_SLUG (the provider's JWKS)",
    );
  }
}

function keyFrom(secret: string | undefined, slug: string | undefined, authentikUrl: string | undefined): AuthentikJwtKey | null {
  if (secret) return { kind: 'client-secret', secret };
  return slug && authentikUrl ? { kind: 'jwks', url: `${authentikUrl}/application/o/${slug}/jwks/` } : null;
}

/** The settings, from variables that passed the schema and its combinations. */
export function authentikJwtSettings(env: Env): AuthentikJwtSettings {
  const slug = env.AUTHENTIK_APP_SLUG;
  const authentikUrl = env.AUTHENTIK_URL;
  return {
    mode: env.AUTHENTIK_JWT,
    key: keyFrom(env.AUTHENTIK_CLIENT_SECRET, slug, authentikUrl),
    issuer: env.AUTHENTIK_JWT_ISSUER ?? (slug && authentikUrl ? `${authentikUrl}/application/o/${slug}/` : null),
    audience: env.AUTHENTIK_CLIENT_ID ?? null,
  };
}

/** One line for the log and the doctor: which mode is active and what it checks with. */
export function describeAuthentikJwt(settings: AuthentikJwtSettings): string {
  if (settings.mode === 'off') return 'AUTHENTIK_JWT=off: X-Authentik-Jwt is ignored';
  if (!settings.key)
    return `AUTHENTIK_JWT=${settings.mode}, but no key: X-Authentik-Jwt is not verified (set AUTHENTIK_CLIENT_SECRET, or AUTHENTIK_APP_SLUG for a provider with a signing key)`;
  const using = settings.key.kind === 'client-secret' ? 'AUTHENTIK_CLIENT_SECRET (HS256)' : `the JWKS at ${settings.key.url}`;
  const checks = [settings.issuer ? `iss ${settings.issuer}` : 'iss not checked', settings.audience ? `aud ${settings.audience}` : 'aud not checked'].join(
    ', ',
  );
  const when = settings.mode === 'require' ? 'required on every request' : 'verified when present';
  return `AUTHENTIK_JWT=${settings.mode}: X-Authentik-Jwt ${when}, with ${using}; ${checks}`;
}
