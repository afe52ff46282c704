import type { Config } from '../config/index.ts';
import type { MediamtxApi } from '../mediamtx/api-client.ts';
import { knownPaths } from '../rules/known-paths.ts';
import type { RulesRepository } from '../rules/repository.ts';
import type { DocumentStore } from '../store/index.ts';
import { createJwtKeyRing, type JwtKeyRing } from './key-ring.ts';
import { createMediamtxJwts, type MediamtxJwts } from './tokens.ts';

/** JWT mode's parts (MEDIAMTX_AUTH=jwt): the published keys and the tokens signed with them. */
export interface JwtServices {
  ring: JwtKeyRing;
  tokens: MediamtxJwts;
}

/** null unless MEDIAMTX_AUTH=jwt. Nothing touches the store until the first key is asked for. */
export function createJwtServices(options: {
  config: Pick<Config, 'mediamtxAuth' | 'signingKeyRotationMs' | 'jwtTtlMs' | 'jwtIssuer' | 'jwtAudience'>;
  documents: DocumentStore;
  rules: Pick<RulesRepository, 'current'>;
  mediamtx: MediamtxApi;
}): JwtServices | null {
  const { config, rules, mediamtx } = options;
  if (config.mediamtxAuth !== 'jwt') return null;
  const ring = createJwtKeyRing({ documents: options.documents, rotationMs: config.signingKeyRotationMs });
  const tokens = createMediamtxJwts({
    ring,
    ttlMs: config.jwtTtlMs,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    rules: () => rules.current(),
    knownPaths: () => knownPaths(mediamtx, rules.current()),
  });
  return { ring, tokens };
}
