import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { loadConfig } from '../config/index.ts';
import { AUTHENTIK_DIRECTORY_ENV as DIRECTORY } from '../config/test-fixtures.ts';
import { OverlayError } from '../http/errors.ts';
import { answerProblem, globalConfig } from './schemas.ts';
import { mediamtxSettings, settingsYaml } from './settings.ts';

const EXCLUDE = [{ action: 'api' }, { action: 'metrics' }, { action: 'pprof' }];
const LOOPBACK = ['127.0.0.1', '::1'];
/** The reverse proxy in front of MediaMTX's HTTP servers: loopback unless MEDIAMTX_TRUSTED_PROXIES says otherwise. */
const TRUSTED = { hlsTrustedProxies: LOOPBACK, webrtcTrustedProxies: LOOPBACK, playbackTrustedProxies: LOOPBACK };

const sectionFor = (env: Record<string, string>) => mediamtxSettings(loadConfig({ ...DIRECTORY, ...env }));

/**
 * As a PATCH body: only keys the overlay's schema of MediaMTX's global configuration declares, each of
 * its type. (That they are MediaMTX's keys and values: test/conformance, against the OpenAPI spec.)
 */
function specProblems(settings: Record<string, unknown>): string[] {
  const unknown = Object.keys(settings).filter((key) => !(key in globalConfig.shape));
  const problem = answerProblem(globalConfig, settings);
  return [...unknown.map((key) => `unknown key ${key}`), ...(problem ? [problem] : [])];
}

describe('the MediaMTX auth section', () => {
  it('points authMethod http at the auth endpoint and skips api/metrics/pprof (MEDIAMTX_AUTH=http)', () => {
    const section = sectionFor({ PORT: '8181' });
    const expected = { authMethod: 'http', authHTTPAddress: 'http://127.0.0.1:8181/auth/mediamtx', authHTTPExclude: EXCLUDE, ...TRUSTED };
    expect(section.settings).toEqual(expected);
    expect(parse(settingsYaml(section))).toEqual(expected);
    expect(specProblems(section.settings)).toEqual([]);
    expect(specProblems({ authMethod: 1, authHTTPAdress: '' })).toEqual(['unknown key authHTTPAdress', 'authMethod: expected string, got number']); // the check can fail
  });

  it('points authMethod jwt at the JWKS with the claim key, issuer and audience (MEDIAMTX_AUTH=jwt)', () => {
    const section = sectionFor({ MEDIAMTX_AUTH: 'jwt', JWT_ISSUER: 'https://streams.example.org', JWT_AUDIENCE: 'mediamtx' });
    const expected = {
      authMethod: 'jwt',
      authJWTJWKS: 'http://127.0.0.1:8080/.well-known/jwks.json',
      authJWTClaimKey: 'mediamtx_permissions',
      authJWTIssuer: 'https://streams.example.org',
      authJWTAudience: 'mediamtx',
      authJWTExclude: EXCLUDE,
      ...TRUSTED,
    };
    expect(parse(settingsYaml(section))).toEqual(expected);
    expect(specProblems(section.settings)).toEqual([]);
  });

  it('leaves issuer and audience out in JWT mode when they are unset', () => {
    expect(Object.keys(sectionFor({ MEDIAMTX_AUTH: 'jwt' }).settings)).toEqual([
      'authMethod',
      'authJWTJWKS',
      'authJWTClaimKey',
      'authJWTExclude',
      ...Object.keys(TRUSTED),
    ]);
  });

  it("names the reverse proxy as MediaMTX's trusted proxy, so readers behind it keep their own address (MEDIAMTX_TRUSTED_PROXIES)", () => {
    const proxied = sectionFor({ MEDIAMTX_TRUSTED_PROXIES: '10.213.37.10,fd00::/64' });
    for (const key of Object.keys(TRUSTED)) expect(proxied.settings[key]).toEqual(['10.213.37.10', 'fd00::/64']);
    expect(specProblems(proxied.settings)).toEqual([]);
    const yaml = parseDocument(settingsYaml(proxied));
    expect(yaml.commentBefore).toContain('MEDIAMTX_TRUSTED_PROXIES (10.213.37.10, fd00::/64)');
    expect(yaml.commentBefore).toMatch(/without them MediaMTX reports every reader behind the proxy with the proxy's address/);
    expect(sectionFor({ MEDIAMTX_AUTH: 'jwt' }).notes.join('\n')).toContain('MEDIAMTX_TRUSTED_PROXIES (127.0.0.1, ::1)');
  });

  it('uses OVERLAY_INTERNAL_URL, else HOST and PORT with a wildcard host made loopback', () => {
    expect(sectionFor({ OVERLAY_INTERNAL_URL: 'http://overlay.internal:9000/' }).settings.authHTTPAddress).toBe('http://overlay.internal:9000/auth/mediamtx');
    expect(sectionFor({ HOST: '0.0.0.0' }).settings.authHTTPAddress).toBe('http://127.0.0.1:8080/auth/mediamtx');
    expect(sectionFor({ HOST: '::' }).settings.authHTTPAddress).toBe('http://[::1]:8080/auth/mediamtx');
    expect(sectionFor({ HOST: '10.0.0.5', PORT: '9090', MEDIAMTX_AUTH: 'jwt' }).settings.authJWTJWKS).toBe('http://10.0.0.5:9090/.well-known/jwks.json');
  });

  it('puts what to know as YAML comments above the keys', () => {
    const doc = parseDocument(settingsYaml(sectionFor({})));
    expect(doc.commentBefore).toContain('MEDIAMTX_AUTH=http');
    expect(doc.commentBefore).toContain('MEDIAMTX_CONFIG_FILE is not set');
    expect(doc.commentBefore).toContain('keep apiAddress, metricsAddress and pprofAddress on 127.0.0.1');
    const withFile = parseDocument(settingsYaml(sectionFor({ MEDIAMTX_CONFIG_FILE: '/usr/local/etc/mediamtx.yml', AUTH_ALLOWED_IPS: '127.0.0.1' })));
    expect(withFile.commentBefore).toContain('the overlay evaluates them from /usr/local/etc/mediamtx.yml');
    expect(withFile.commentBefore).toContain('AUTH_ALLOWED_IPS (127.0.0.1) must include');
    expect(parseDocument(settingsYaml(sectionFor({ MEDIAMTX_AUTH: 'jwt' }))).commentBefore).toContain('publishers need a JWT');
  });

  it('refuses in vanilla mode, which answers no MediaMTX auth calls', () => {
    const refused = (() => {
      try {
        return mediamtxSettings(loadConfig({}));
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(OverlayError);
    expect((refused as OverlayError).message).toMatch(/vanilla mode.*authMethod: internal/);
  });
});
