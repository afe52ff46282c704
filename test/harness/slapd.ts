/**
 * A throwaway OpenLDAP server laid out like Authentik's LDAP outpost, for tests and the demo.
 * Each call gets its own temp dir, loopback port and slapd child process that we own by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
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

// A crashed or interrupted run must not leave slapd processes or temp dirs behind.
interface Running { dir: string; watchdog: ChildProcess }
const live = new Map<ChildProcess, Running>();
process.on('exit', () => {
  for (const [child, { dir, watchdog }] of live) {
    if (isRunning(watchdog)) watchdog.kill('SIGKILL');
    if (isRunning(child)) child.kill('SIGKILL');
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
  }
});

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * 'exit' handlers do not run when this process is SIGKILLed (e.g. a hung vitest worker). We hold
 * the write end of the watchdog's stdin; when we die, its read hits EOF and it kills slapd.
 */
function startWatchdog(pid: number): ChildProcess {
  const watchdog = spawn('/bin/sh', ['-c', 'read _ignored; kill -KILL "$1" 2>/dev/null', 'slapd-watchdog', String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => {}); // missing /bin/sh only loses the crash safety net
  return watchdog;
}

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
    const watchdog = startWatchdog(pid);
    child.once('exit', () => { if (isRunning(watchdog)) watchdog.kill('SIGKILL'); });
    live.set(child, { dir, watchdog });
    const slapd: Slapd = {
      url, port, baseDN: BASE_DN, rootDN: ROOT_DN, rootPassword: ROOT_PASSWORD,
      serviceDN, servicePassword: SEED.serviceAccount.password, pid,
      stop: () => stopChild(child),
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

async function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!isRunning(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

async function stopChild(child: ChildProcess): Promise<void> {
  const running = live.get(child);
  if (!running) return; // already stopped
  live.delete(child);
  // Watchdog first, so it can never fire at a PID that slapd no longer owns.
  await killAndWait(running.watchdog, 'SIGKILL');
  await killAndWait(child);
  await rm(running.dir, { recursive: true, force: true });
}
