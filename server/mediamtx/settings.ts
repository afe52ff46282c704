/**
 * The auth section of MediaMTX's global configuration that points MediaMTX at this overlay, for
 * MEDIAMTX_AUTH=http (MediaMTX asks /auth/mediamtx) or jwt (it verifies the overlay's JWTs against
 * /.well-known/jwks.json). `npm run mediamtx-settings` and GET /_overlay/api/mediamtx-settings show
 * it; settings-apply.ts writes the very same values, so what is shown is what is applied.
 */
import { Document } from 'yaml';
import { AUTH_ENDPOINT_PATH } from '../mediamtx-auth/endpoint.ts';
import type { Config } from '../config/index.ts';
import { OverlayError } from '../http/errors.ts';
import { PERMISSIONS_CLAIM } from '../jwt/tokens.ts';
import { trustedProxiesSettings } from './trusted-proxies.ts';

export type SettingsConfig = Pick<
  Config,
  'mode' | 'mediamtxAuth' | 'overlayInternalUrl' | 'jwtIssuer' | 'jwtAudience' | 'mediamtxConfigFile' | 'authAllowedIps' | 'mediamtxTrustedProxies'
>;

export interface MediamtxSettings {
  authMethod: 'http' | 'jwt';
  /** Keys of MediaMTX's GlobalConf with their values, in the order they are printed and applied. */
  settings: Record<string, unknown>;
  /** What to know before applying them; comments in the YAML form. */
  notes: string[];
}

/** Served by server/jwt/routes.ts. */
const JWKS_PATH = '/.well-known/jwks.json';

/**
 * MediaMTX's own API, metrics and pprof skip auth, as in the stock installer's config: the editor
 * calls the API as `any:` from localhost, and the overlay calls it with no credentials at all.
 * Sending those through the overlay would make MediaMTX's control plane depend on it.
 */
const EXCLUDED_ACTIONS = [{ action: 'api' }, { action: 'metrics' }, { action: 'pprof' }];

const EXPOSURE_NOTE = 'api, metrics and pprof skip auth: keep apiAddress, metricsAddress and pprofAddress on 127.0.0.1 (or switch them off).';

/**
 * In both modes: with http the internal users are judged by the reader's address, and in either
 * mode MediaMTX ties an HLS session to it, which behind an untrusted proxy is the same for everyone.
 */
function proxyNote(config: Readonly<SettingsConfig>): string {
  const proxies = `MEDIAMTX_TRUSTED_PROXIES (${config.mediamtxTrustedProxies.join(', ')})`;
  const consequence =
    config.mediamtxAuth === 'http'
      ? ', and an internal user allowed from that address (the stock any from 127.0.0.1) lets them all in'
      : ', and ties every HLS session to it';
  return `hlsTrustedProxies, webrtcTrustedProxies and playbackTrustedProxies are ${proxies}, the reverse proxy in front of MediaMTX: without them MediaMTX reports every reader behind the proxy with the proxy's address${consequence}. The proxy must set X-Forwarded-For itself (Caddy's reverse_proxy does).`;
}

/**
 * In JWT mode these stay out of the section when JWT_ISSUER / JWT_AUDIENCE are unset, but a value
 * left in MediaMTX from earlier would refuse every token, so applying resets it to MediaMTX's ''.
 */
export const RESET_WHEN_UNSET: Readonly<Record<'http' | 'jwt', readonly string[]>> = Object.freeze({
  http: [],
  jwt: ['authJWTIssuer', 'authJWTAudience'],
});

export function mediamtxSettings(config: Readonly<SettingsConfig>): MediamtxSettings {
  if (config.mode !== 'directory') {
    throw new OverlayError(409, {
      title: 'Vanilla mode',
      message:
        'The overlay runs in vanilla mode (neither LDAP_URL nor AUTHENTIK_URL is set) and answers no MediaMTX auth calls: keep MediaMTX on its own authMethod: internal.',
    });
  }
  const base = config.overlayInternalUrl;
  if (config.mediamtxAuth === 'jwt') {
    return {
      authMethod: 'jwt',
      settings: {
        authMethod: 'jwt',
        authJWTJWKS: `${base}${JWKS_PATH}`,
        authJWTClaimKey: PERMISSIONS_CLAIM,
        ...(config.jwtIssuer && { authJWTIssuer: config.jwtIssuer }),
        ...(config.jwtAudience && { authJWTAudience: config.jwtAudience }),
        authJWTExclude: EXCLUDED_ACTIONS,
        ...trustedProxiesSettings(config.mediamtxTrustedProxies),
      },
      notes: [
        'MediaMTX reads no authInternalUsers with authMethod jwt: publishers need a JWT too (members of PUBLISH_GROUPS get publish in theirs).',
        EXPOSURE_NOTE,
        proxyNote(config),
      ],
    };
  }
  const notes = [
    config.mediamtxConfigFile
      ? `MediaMTX skips its authInternalUsers with authMethod http; the overlay evaluates them from ${config.mediamtxConfigFile}.`
      : 'MEDIAMTX_CONFIG_FILE is not set: with authMethod http MediaMTX skips its authInternalUsers, so publishers and anonymous streams listed there stop working until the overlay is given that file.',
    EXPOSURE_NOTE,
    proxyNote(config),
  ];
  if (config.authAllowedIps) notes.push(`AUTH_ALLOWED_IPS (${config.authAllowedIps.join(', ')}) must include the address MediaMTX calls from.`);
  return {
    authMethod: 'http',
    settings: {
      authMethod: 'http',
      authHTTPAddress: `${base}${AUTH_ENDPOINT_PATH}`,
      authHTTPExclude: EXCLUDED_ACTIONS,
      ...trustedProxiesSettings(config.mediamtxTrustedProxies),
    },
    notes,
  };
}

/** The section as it goes into mediamtx.yml, the notes as comments above it. */
export function settingsYaml(section: MediamtxSettings): string {
  const doc = new Document(section.settings);
  doc.commentBefore = [
    ` MediaMTX auth settings for the overlay (MEDIAMTX_AUTH=${section.authMethod}).`,
    ' Put them in mediamtx.yml, or apply them through the API with --apply.',
    ...section.notes.map((note) => ` ${note}`),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
