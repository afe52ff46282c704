import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import type { Directory } from '../directory/types.ts';
import { createLogger } from '../log.ts';
import type { DocumentStore } from '../store/index.ts';
import type { DirectoryWriter } from '../users/types.ts';
import { createOnboarding } from './index.ts';

const BASE = {
  EDITOR_ADMIN_USER: 'a',
  EDITOR_ADMIN_PASSWORD: 'a',
  EDITOR_VIEWER_USER: 'v',
  EDITOR_VIEWER_PASSWORD: 'v',
  PROXY_SECRET: 'a-proxy-secret-of-32-characters!',
};
const LDAP = { LDAP_URL: 'ldap://127.0.0.1:9', LDAP_BIND_DN: 'cn=svc', LDAP_BIND_PASSWORD: 'p' };
const AUTHENTIK = { AUTHENTIK_URL: 'http://127.0.0.1:9', AUTHENTIK_TOKEN: 't' };
// Nothing is called while choosing: these only have to exist.
const directory = {} as Directory;
const writer = { kind: 'ldap' } as DirectoryWriter;

function onboarding(env: Record<string, string>) {
  const config = loadConfig({ ...BASE, ...env });
  return createOnboarding({ config, directory, documents: {} as DocumentStore, users: { reader: null, writer }, log: createLogger('silent') });
}

function chosen(env: Record<string, string>) {
  const { creator, setPassword } = onboarding(env);
  return { creator: creator?.kind ?? null, links: setPassword !== null };
}

describe('where approved accounts are created', () => {
  it('in Authentik when its URL and token are set, even next to a writable LDAP', () => {
    expect(chosen({ ...AUTHENTIK, ...LDAP, DIRECTORY_WRITE: 'ldap' })).toEqual({ creator: 'authentik', links: false });
  });

  it("in LDAP with DIRECTORY_WRITE=ldap, with the overlay's own set-password links", () => {
    expect(chosen({ ...LDAP, DIRECTORY_WRITE: 'ldap' })).toEqual({ creator: 'ldap', links: true });
  });

  it('nowhere when the directory is read-only', () => {
    expect(chosen(LDAP)).toEqual({ creator: null, links: false });
    expect(chosen({ AUTHENTIK_URL: 'http://127.0.0.1:9' })).toEqual({ creator: null, links: false });
  });
});

describe('how long one approval can take (its lease)', () => {
  it('in Authentik: two calls per group and four more, each up to the 10-second call timeout', () => {
    const creator = onboarding(AUTHENTIK).creator!;
    expect(creator.worstCaseMs(1)).toBe(6 * 10_000);
    // The most groups one approve may grant: 44 calls, far past the old 2-minute lease.
    expect(creator.worstCaseMs(20)).toBe(44 * 10_000);
  });

  it('in LDAP: twelve operations per group and ten more, each up to LDAP_TIMEOUT', () => {
    const creator = onboarding({ ...LDAP, DIRECTORY_WRITE: 'ldap', LDAP_TIMEOUT: '2s' }).creator!;
    expect(creator.worstCaseMs(1)).toBe(22 * 2_000);
    expect(creator.worstCaseMs(20)).toBe(250 * 2_000);
  });
});
