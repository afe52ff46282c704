/**
 * docker-compose.yml without a Docker engine: Debian's docker-compose (1.29) validates it offline with
 * .env.example, with and without the openldap profile, and the yaml package reads what it resolves to.
 */
import { existsSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { VARIABLES } from '../../server/config/variables.ts';
import { COMPOSE_VARIABLES } from '../../scripts/env-example/compose-variables.ts';
import { interpolatedNames, isSecretName, readRepoFile, ROOT, runTool } from './tools.ts';

type Port = string | { target: number; published?: number | string; host_ip?: string; protocol?: string };
interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | null>;
  ports?: Port[];
  volumes?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  profiles?: string[];
  extra_hosts?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
}

/** The overlay container reads .env.example here instead of .env, which a checkout does not have. */
const CHECK_ENV = { ...process.env, OVERLAY_ENV_FILE: '.env.example' };

function compose(...args: string[]) {
  return runTool('docker-compose', 'docker-compose', ['-f', 'docker-compose.yml', '--env-file', '.env.example', ...args], { env: CHECK_ENV });
}

let resolvedOnce: ComposeFile | undefined;

/** The file as docker-compose resolves it (interpolated with .env.example, paths made absolute); asked once. */
function resolved(): ComposeFile {
  if (!resolvedOnce) {
    const run = compose('--profile', 'openldap', 'config');
    expect(run.status, run.stderr).toBe(0);
    resolvedOnce = parse(run.stdout) as ComposeFile;
  }
  return resolvedOnce;
}

const raw = () => parse(readRepoFile('docker-compose.yml')) as ComposeFile;

/** Host address and port of a published port, in either of compose's two spellings. */
function published(port: Port): { hostIp: string | null; hostPort: string | null; target: string } {
  if (typeof port !== 'string') {
    return { hostIp: port.host_ip ?? null, hostPort: port.published === undefined ? null : String(port.published), target: String(port.target) };
  }
  const parts = port.replace(/\/(tcp|udp)$/, '').split(':');
  const target = parts.pop()!;
  const hostPort = parts.pop() ?? null;
  return { hostIp: parts.length ? parts.join(':') : null, hostPort, target };
}

describe('docker-compose.yml', () => {
  it.each([[[]], [['--profile', 'openldap']]])('is valid for docker-compose with .env.example (%j), without warnings', (profile) => {
    const run = compose(...profile, 'config', '-q');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('publishes the overlay on host loopback only, and the MediaMTX API too', () => {
    const { services } = resolved();
    const overlayPorts = (services.overlay!.ports ?? []).map(published);
    expect(overlayPorts.length).toBeGreaterThan(0);
    for (const port of overlayPorts) expect(port.hostIp).toBe('127.0.0.1');
    const api = (services.mediamtx!.ports ?? []).map(published).filter((p) => p.target === '9898');
    expect(api).toEqual([{ hostIp: '127.0.0.1', hostPort: '9898', target: '9898' }]);
    // HLS only through Caddy; the directory never leaves the compose network.
    expect((services.mediamtx!.ports ?? []).map(published).some((p) => p.target === '8888')).toBe(false);
    expect(services.openldap!.ports).toBeUndefined();
  });

  it('runs caddy with caddy/Caddyfile, the overlay and MediaMTX as its upstreams and the one proxy secret', () => {
    const { services } = resolved();
    const caddy = services.caddy!;
    expect(caddy.volumes).toContain(`${ROOT}/caddy/Caddyfile:/etc/caddy/Caddyfile:ro`);
    expect(existsSync(`${ROOT}/caddy/Caddyfile`)).toBe(true);
    expect(caddy.environment).toMatchObject({ OVERLAY_URL: 'overlay:8080', MEDIAMTX_HLS_URL: 'mediamtx:8888' });
    expect(raw().services.caddy!.environment!.OVERLAY_PROXY_SECRET).toBe('${PROXY_SECRET:-}');
    expect(caddy.extra_hosts).toContain('host.docker.internal:host-gateway');
  });

  it('reaches the editor on the host through host.docker.internal', () => {
    const overlay = resolved().services.overlay!;
    expect(overlay.extra_hosts).toContain('host.docker.internal:host-gateway');
    expect(overlay.environment!.EDITOR_URL).toBe('http://host.docker.internal:5080');
  });

  it('builds the overlay from the Dockerfile and keeps its health check', () => {
    const overlay = raw().services.overlay!;
    expect(overlay.build).toBe('.');
    expect(overlay.healthcheck?.disable).not.toBe(true);
    expect(overlay.healthcheck?.test).toEqual(['CMD', 'node', 'deploy/docker/healthcheck.mjs']);
    expect(readRepoFile('Dockerfile')).toContain(
      'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD ["node", "deploy/docker/healthcheck.mjs"]',
    );
  });

  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(raw().services)) {
      if (service.build) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:\d[\w.-]*$/);
    }
    expect(raw().services.mediamtx!.image).toBe('bluenviron/mediamtx:1.20.1');
  });

  it('writes no secret: every credential is interpolated from .env with no default', () => {
    const secrets: Array<[string, string]> = [];
    for (const [service, { environment = {} }] of Object.entries(raw().services)) {
      for (const [name, value] of Object.entries(environment)) {
        if (isSecretName(name)) secrets.push([`${service}.${name}`, String(value)]);
      }
    }
    expect(secrets.map(([where]) => where)).toEqual(expect.arrayContaining(['caddy.OVERLAY_PROXY_SECRET', 'openldap.LDAP_ADMIN_PASSWORD']));
    for (const [where, value] of secrets) expect(value, where).toMatch(/^\$\{[A-Z][A-Z0-9_]*(:-)?\}$/);
    // And with the example env file, which has no values, every one of them resolves to nothing.
    for (const [service, { environment = {} }] of Object.entries(resolved().services)) {
      for (const [name, value] of Object.entries(environment)) if (isSecretName(name)) expect(value, `${service}.${name}`).toBe('');
    }
  });

  it('interpolates only variables that .env.example documents, and uses every compose-only one', () => {
    const used = interpolatedNames(readRepoFile('docker-compose.yml'));
    const documented = new Set([...VARIABLES, ...COMPOSE_VARIABLES].map((v) => v.name));
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
    expect(COMPOSE_VARIABLES.map((v) => v.name).filter((name) => !used.has(name))).toEqual([]);
    for (const name of used) expect(readRepoFile('.env.example')).toMatch(new RegExp(`^#${name}=`, 'm'));
  });

  it('puts the try-out directory and its seed job behind the openldap profile', () => {
    const { services } = raw();
    const profiled = Object.entries(services)
      .filter(([, s]) => s.profiles?.includes('openldap'))
      .map(([name]) => name);
    expect(profiled.sort()).toEqual(['openldap', 'openldap-seed']);
    expect(
      Object.entries(services)
        .filter(([, s]) => s.profiles === undefined)
        .map(([name]) => name)
        .sort(),
    ).toEqual(['caddy', 'mediamtx', 'overlay']);
  });
});
