/**
 * The openldap profile's seed job (deploy/openldap/seed.sh + seed.ldif) against a real, empty slapd,
 * then the overlay's own directory code with the try-out settings .env.example prints: demo-admin
 * signs in and is an admin. The image's base entry is made here, as osixia/openldap makes it.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/index.ts';
import { createDirectory } from '../../server/directory/index.ts';
import type { Directory } from '../../server/directory/types.ts';
import { COMPOSE_VARIABLES, OPENLDAP_TRY_OUT } from '../../scripts/env-example/compose-variables.ts';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import { runTool } from './tools.ts';

/** The harness's base DN, dc=ldap,dc=goauthentik,dc=io, as the domain the seed job derives it from. */
const DOMAIN = 'ldap.goauthentik.io';
let slapd: Slapd;

function seed(env: Record<string, string>) {
  const base = { PATH: process.env.PATH ?? '', LDAP_URI: slapd.url, OPENLDAP_DOMAIN: DOMAIN, LDAP_ADMIN_PASSWORD: slapd.rootPassword };
  return runTool('sh', 'dash', ['deploy/openldap/seed.sh'], { env: { ...base, ...env } });
}

/** The try-out settings from .env.example, pointed at this slapd instead of the compose service. */
function tryOutDirectory() {
  const env = Object.fromEntries(Object.entries(OPENLDAP_TRY_OUT).map(([name, value]) => [name, value.replaceAll('dc=example,dc=org', slapd.baseDN)]));
  return createDirectory(
    loadConfig({
      ...env,
      LDAP_URL: slapd.url,
      LDAP_BIND_PASSWORD: slapd.rootPassword,
      EDITOR_ADMIN_USER: 'overlay-admin',
      EDITOR_ADMIN_PASSWORD: 'x',
      EDITOR_VIEWER_USER: 'overlay-viewer',
      EDITOR_VIEWER_PASSWORD: 'y',
    }),
  )!;
}

/** Runs the job with a fresh demo-admin password, which it must accept in silence; returns the password. */
function seedNewPassword(): string {
  const password = randomBytes(12).toString('hex');
  const run = seed({ DEMO_ADMIN_PASSWORD: password });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return password;
}

async function withTryOutDirectory(check: (directory: Directory) => Promise<void>): Promise<void> {
  const directory = tryOutDirectory();
  try {
    await check(directory);
  } finally {
    await directory.close();
  }
}

beforeAll(async () => {
  runTool('ldapadd', 'ldap-utils', ['-VV']);
  slapd = await startSlapd({ seed: false });
  const client = new Client({ url: slapd.url });
  try {
    await client.bind(slapd.rootDN, slapd.rootPassword);
    await client.add(slapd.baseDN, { objectClass: ['dcObject', 'organization'], dc: 'ldap', o: 'Streams' });
  } finally {
    await client.unbind();
  }
});

afterAll(async () => {
  await slapd?.stop();
});

describe('deploy/openldap/seed.sh', () => {
  it('seeds the vid_ groups and demo-admin, who is then an admin of the overlay', async () => {
    const password = seedNewPassword();
    await withTryOutDirectory(async (directory) => {
      expect(await directory.listGroups()).toEqual(['vid_admin', 'vid_private', 'vid_public']);
      const user = await directory.authenticate('demo-admin', password);
      expect(user).toMatchObject({ username: 'demo-admin', name: 'Demo Admin', email: `demo-admin@${DOMAIN}`, active: true });
      expect(user!.groups).toContain('vid_admin');
    });
  });

  it('runs again without complaint and takes the new password from the environment', async () => {
    const before = seedNewPassword();
    const password = seedNewPassword();
    await withTryOutDirectory(async (directory) => {
      expect(await directory.authenticate('demo-admin', password)).not.toBeNull();
      expect(await directory.authenticate('demo-admin', before)).toBeNull();
    });
  });

  it.each([
    ['DEMO_ADMIN_PASSWORD', 'OPENLDAP_DEMO_ADMIN_PASSWORD'],
    ['LDAP_ADMIN_PASSWORD', 'LDAP_BIND_PASSWORD'],
  ])('refuses to run without %s, naming %s in .env', (variable, inEnvFile) => {
    const run = seed({ DEMO_ADMIN_PASSWORD: 'p', [variable]: '' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(inEnvFile);
  });

  it('stops at once with the reason when the admin password is wrong', () => {
    const run = seed({ DEMO_ADMIN_PASSWORD: 'p', LDAP_ADMIN_PASSWORD: 'not-the-admin-password' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('LDAP_BIND_PASSWORD must be the one the directory was created with');
  });

  it('refuses a domain it cannot turn into a base DN', () => {
    const run = seed({ DEMO_ADMIN_PASSWORD: 'p', OPENLDAP_DOMAIN: 'bad domain' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("OPENLDAP_DOMAIN 'bad domain' is not a domain name");
  });
});

describe('deploy/openldap/start.sh', () => {
  it('refuses to initialise the directory without an admin password', () => {
    const run = runTool('sh', 'dash', ['deploy/openldap/start.sh'], { env: { PATH: process.env.PATH ?? '', LDAP_ADMIN_PASSWORD: '' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('LDAP_BIND_PASSWORD is empty');
  });
});

describe('the try-out settings', () => {
  it('name the base DN the seed job derives from the default OPENLDAP_DOMAIN', () => {
    const domain = COMPOSE_VARIABLES.find((v) => v.name === 'OPENLDAP_DOMAIN')!.default!;
    const base = domain
      .split('.')
      .map((part) => `dc=${part}`)
      .join(',');
    expect(OPENLDAP_TRY_OUT.LDAP_BASE_DN).toBe(base);
    expect(OPENLDAP_TRY_OUT.LDAP_BIND_DN).toBe(`cn=admin,${base}`);
  });
});
