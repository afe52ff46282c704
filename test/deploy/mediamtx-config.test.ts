/**
 * deploy/mediamtx/mediamtx.yml, the MediaMTX config of docker-compose.yml: every key is one MediaMTX
 * v1.20.1 knows (it refuses unknown ones; test/conformance checks them against its OpenAPI spec
 * too), auth goes to the overlay service, and the addresses the other services use match the ones
 * MediaMTX listens on.
 */
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { readInternalUsersDocument } from '../../server/mediamtx/internal-users/parse.ts';
import { answerProblem, globalConfig } from '../../server/mediamtx/schemas.ts';
import { defaultGlobalConfig } from '../doubles/mediamtx-api/global-config.ts';
import { defaultPathConf } from '../doubles/mediamtx-api/path-config.ts';
import { readRepoFile, readRepoYaml } from './tools.ts';

const FILE = 'deploy/mediamtx/mediamtx.yml';
type Json = Record<string, unknown>;

const config = () => readRepoYaml<Json>(FILE);
interface ComposeService {
  environment?: Json;
  volumes?: string[];
  networks?: Record<string, { ipv4_address?: string } | null>;
}
const compose = () =>
  readRepoYaml<{ services: Record<string, ComposeService>; networks?: Record<string, { ipam?: { config?: Array<{ subnet?: string }> } }> }>(
    'docker-compose.yml',
  );
const portOf = (address: unknown) => String(address).split(':').pop();

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Keys `given` has that `known` (what MediaMTX v1.20.1 serves, as the API double does) lacks, or has with another JSON type. */
function strangers(given: Json, known: Json): string[] {
  return Object.entries(given).flatMap(([key, value]) =>
    !(key in known) ? [`${key}: unknown`] : kindOf(value) !== kindOf(known[key]) ? [`${key}: ${kindOf(value)}, not ${kindOf(known[key])}`] : [],
  );
}

describe('deploy/mediamtx/mediamtx.yml', () => {
  it('has only keys MediaMTX v1.20.1 knows, with values of their type', () => {
    const { paths, ...global } = config();
    expect(strangers(global, defaultGlobalConfig(''))).toEqual([]);
    expect(answerProblem(globalConfig, global)).toBeNull();
    for (const [name, path] of Object.entries((paths ?? {}) as Record<string, Json | null>)) {
      expect(strangers(path ?? {}, defaultPathConf(name)), name).toEqual([]);
    }
  });

  it('sends every auth decision to the overlay service, excluding only the API the editor calls', () => {
    const { authMethod, authHTTPAddress, authHTTPExclude } = config();
    expect(authMethod).toBe('http');
    const overlay = compose().services.overlay!.environment!;
    expect(authHTTPAddress).toBe(`http://overlay:${overlay.PORT}/auth/mediamtx`);
    expect(overlay.OVERLAY_INTERNAL_URL).toBe(`http://overlay:${overlay.PORT}`);
    expect(authHTTPExclude).toEqual([{ action: 'api' }]);
    // What is not excluded must not be on by accident either.
    expect(config()).toMatchObject({ metrics: false, pprof: false });
  });

  it('listens where the overlay, Caddy and the host editor look for it', () => {
    const { apiAddress, hlsAddress } = config();
    const { services } = compose();
    expect(services.overlay!.environment!.MEDIAMTX_API_URL).toBe(`http://mediamtx:${portOf(apiAddress)}`);
    expect(services.caddy!.environment!.MEDIAMTX_HLS_URL).toBe(`mediamtx:${portOf(hlsAddress)}`);
    expect(portOf(apiAddress)).toBe('9898'); // infra-TAK's editor calls 9898
  });

  it('trusts Caddy, and only Caddy, as the proxy in front of its HLS, WebRTC and playback servers', () => {
    const { services, networks } = compose();
    const caddy = services.caddy!.networks?.default?.ipv4_address;
    const subnet = networks?.default?.ipam?.config?.[0]?.subnet;
    expect(caddy).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // Caddy's fixed address is in the compose network's fixed subnet, so Docker can give it.
    const [network, prefix] = ipaddr.parseCIDR(subnet!);
    expect(ipaddr.parse(caddy!).match(network, prefix)).toBe(true);
    const conf = config();
    for (const key of ['hlsTrustedProxies', 'webrtcTrustedProxies', 'playbackTrustedProxies']) expect(conf[key], key).toEqual([caddy]);
    // The overlay's settings and doctor name the same proxy.
    expect(services.overlay!.environment!.MEDIAMTX_TRUSTED_PROXIES).toBe(caddy);
  });

  it('is the file both MediaMTX and the overlay read', () => {
    const { services } = compose();
    expect(services.mediamtx!.volumes).toContain(`./${FILE}:/mediamtx.yml:ro`);
    expect(services.overlay!.volumes).toContain(`./${FILE}:${services.overlay!.environment!.MEDIAMTX_CONFIG_FILE}:ro`);
  });

  it('has internal users the overlay compiles without a problem, and no credential', () => {
    const parsed = readInternalUsersDocument(readRepoFile(FILE));
    expect(parsed.problems).toEqual([]);
    expect(parsed.users).toHaveLength(1);
    expect(config().authInternalUsers).toEqual([
      { user: 'any', pass: '', ips: ['127.0.0.1', '::1'], permissions: [{ action: 'api' }, { action: 'metrics' }, { action: 'pprof' }] },
    ]);
  });
});
