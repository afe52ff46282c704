/**
 * A throwaway OpenLDAP server laid out like Authentik's LDAP outpost, for tests and the demo.
 * Each call gets its own temp dir, loopback port and slapd child process that we own by PID.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchOnFreePort, own } from './owned-process.ts';
import { Client } from 'ldapts';
import { seedDirectory, SEED, type SeedData } from './seed.ts';
import type { LdapSettings } from '../../server/directory/types.ts';

export interface Slapd {
  url: string;
  port: number;
  baseDN: string;
  rootDN: string;
  rootPassword: string;
  serviceDN: string;
  servicePassword: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartSlapdOptions {
  /** Data to load after start; SEED by default, false for an empty tree (not even the base entry). */
  seed?: SeedData | false;
  /** Lets the service account write anywhere (the real outpost is read-only; later features need writes). */
  writable?: boolean;
  /** Listen on this port instead of a free one, e.g. to bring a stopped server back at the same URL. */
  port?: number;
}

const SLAPD = '/usr/sbin/slapd';
const MODULE_DIR = '/usr/lib/ldap';
const SCHEMA_DIR = '/etc/ldap/schema';
const OUR_SCHEMA = fileURLToPath(new URL('./authentik.schema', import.meta.url));
const BASE_DN = 'dc=ldap,dc=goauthentik,dc=io';
const ROOT_DN = `cn=admin,${BASE_DN}`;
const ROOT_PASSWORD = 'admin-pass';

export async function startSlapd(opts: StartSlapdOptions = {}): Promise<Slapd> {
  const seed = opts.seed === undefined ? SEED : opts.seed;
  const dir = await mkdtemp(join(tmpdir(), 'overlay-slapd-'));
  try {
    const serviceDN = `cn=${SEED.serviceAccount.username},ou=users,${BASE_DN}`;
    await mkdir(join(dir, 'db'));
    await writeFile(join(dir, 'slapd.conf'), slapdConf(dir, serviceDN, opts.writable ?? false));
    const { child, port } = await launchOnFreePort({
      name: 'slapd',
      command: SLAPD,
      args: (port) => ['-f', join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/`, '-d', '0'],
      fixedPort: opts.port,
      ready: bindsAsRoot,
    });
    const url = `ldap://127.0.0.1:${port}`;
    const pid = child.pid!;
    const stop = own('slapd', child, dir);
    const slapd: Slapd = {
      url,
      port,
      baseDN: BASE_DN,
      rootDN: ROOT_DN,
      rootPassword: ROOT_PASSWORD,
      serviceDN,
      servicePassword: SEED.serviceAccount.password,
      pid,
      stop,
    };
    if (seed) {
      try {
        await seedDirectory(slapd, seed);
      } catch (err) {
        await slapd.stop();
        throw err;
      }
    }
    return slapd;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

function slapdConf(dir: string, serviceDN: string, writable: boolean): string {
  // The outpost lets anonymous clients only bind; any bound user with search rights sees everything.
  const serviceWrite = writable ? `  by dn.exact="${serviceDN}" write\n` : '';
  return `include ${SCHEMA_DIR}/core.schema
include ${SCHEMA_DIR}/cosine.schema
include ${SCHEMA_DIR}/inetorgperson.schema
include ${SCHEMA_DIR}/nis.schema
include ${OUR_SCHEMA}
modulepath ${MODULE_DIR}
moduleload back_mdb
pidfile ${join(dir, 'slapd.pid')}
argsfile ${join(dir, 'slapd.args')}
# Benchmarks list 10,000 users in one search.
sizelimit unlimited

database mdb
suffix "${BASE_DN}"
rootdn "${ROOT_DN}"
rootpw ${ROOT_PASSWORD}
directory ${join(dir, 'db')}
# Sparse file; the default 10 MB map is too small for the 10,000-user benchmark tree.
maxsize 1073741824
dbnosync
index objectClass eq
index cn,uid,mail eq
index member eq

access to attrs=userPassword
${serviceWrite}  by self write
  by anonymous auth
  by * none
access to *
${serviceWrite}  by users read
  by * none
`;
}

/** Ready once the root DN can bind: the database is open, not just the port. */
async function bindsAsRoot(port: number): Promise<boolean> {
  const client = new Client({ url: `ldap://127.0.0.1:${port}`, connectTimeout: 500, timeout: 1000 });
  const ok = await client.bind(ROOT_DN, ROOT_PASSWORD).then(
    () => true,
    () => false,
  );
  await client.unbind().catch(() => {});
  return ok;
}

/**
 * The directory settings for one of our slapd servers, laid out like the Authentik outpost and
 * bound as its service account; tests override what they exercise.
 */
export function ldapSettingsFor(target: Pick<Slapd, 'url' | 'baseDN' | 'serviceDN' | 'servicePassword'>, overrides: Partial<LdapSettings> = {}): LdapSettings {
  return {
    url: target.url,
    bindDN: target.serviceDN,
    bindPassword: target.servicePassword,
    baseDN: target.baseDN,
    userBase: `ou=users,${target.baseDN}`,
    groupBase: `ou=groups,${target.baseDN}`,
    userAttr: 'cn',
    memberAttr: 'member',
    groupPrefix: 'vid_',
    adminGroups: ['vid_admin'],
    cacheTtlMs: 60_000,
    timeoutMs: 1_000,
    ...overrides,
  };
}
