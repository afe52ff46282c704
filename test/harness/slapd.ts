/**
 * A throwaway OpenLDAP server laid out like Authentik's LDAP outpost, for tests and the demo.
 * Each call gets its own temp dir, loopback port and slapd child process that we own by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import { killAndWait, own } from './owned-process.ts';
import { Client } from 'ldapts';
import { seedDirectory, SEED, type SeedData } from './seed.ts';

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
const READY_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

export async function startSlapd(opts: StartSlapdOptions = {}): Promise<Slapd> {
  const seed = opts.seed === undefined ? SEED : opts.seed;
  const dir = await mkdtemp(join(tmpdir(), 'overlay-slapd-'));
  try {
    const serviceDN = `cn=${SEED.serviceAccount.username},ou=users,${BASE_DN}`;
    await mkdir(join(dir, 'db'));
    await writeFile(join(dir, 'slapd.conf'), slapdConf(dir, serviceDN, opts.writable ?? false));
    const { child, port } = await launch(dir, opts.port);
    const url = `ldap://127.0.0.1:${port}`;
    const pid = child.pid!;
    const stop = own('slapd', child, dir);
    const slapd: Slapd = {
      url, port, baseDN: BASE_DN, rootDN: ROOT_DN, rootPassword: ROOT_PASSWORD,
      serviceDN, servicePassword: SEED.serviceAccount.password, pid,
      stop,
    };
    if (seed) {
      try { await seedDirectory(slapd, seed); } catch (err) { await slapd.stop(); throw err; }
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

async function launch(dir: string, fixedPort?: number): Promise<{ child: ChildProcess; port: number }> {
  let lastError: unknown;
  // getPort only proves the port was free a moment ago; another slapd may grab it first, so retry.
  for (let attempt = 0; attempt < (fixedPort ? 1 : PORT_ATTEMPTS); attempt++) {
    const port = fixedPort ?? await getPort({ host: '127.0.0.1' });
    const child = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/`, '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4000); });
    try {
      await waitUntilReady(child, `ldap://127.0.0.1:${port}`, () => stderr);
      return { child, port };
    } catch (err) {
      lastError = err;
      await killAndWait(child);
    }
  }
  throw lastError;
}

async function waitUntilReady(child: ChildProcess, url: string, stderr: () => string): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`could not run ${SLAPD}: ${err.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`slapd exited early (code ${code}, signal ${signal}) on ${url}:\n${stderr()}`)));
  });
  exited.catch(() => {}); // observed below; avoid an unhandled rejection once we stop listening
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const client = new Client({ url, connectTimeout: 500, timeout: 1000 });
    const attempt = client.bind(ROOT_DN, ROOT_PASSWORD).then(() => true, () => false);
    const ok = await Promise.race([attempt, exited]);
    await client.unbind().catch(() => {});
    if (ok) return;
    await Promise.race([new Promise((r) => setTimeout(r, 50)), exited]);
  }
  throw new Error(`slapd did not accept binds on ${url} within ${READY_TIMEOUT_MS} ms:\n${stderr()}`);
}
