// Where the overlay's time goes per auth case: one overlay per case, run with --cpu-prof under wrk
// for 5 s, then the samples of those 5 s summarized (bench/cpu-profile.ts). "rules" profiles loading
// the 2,000 rules through the API instead. Profiles are kept in the printed directory.
// Run: node --disable-warning=ExperimentalWarning bench/auth-profile.ts [token|internal|ldap|rules ...] [--close]
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuthStack } from './auth-setup.ts';
import { frameShares, monotonicUs, summarizeProfile, type Profile } from './cpu-profile.ts';
import { ensureWrk, runWrk, type ConnectionMode } from './wrk.ts';

const args = process.argv.slice(2);
const mode: ConnectionMode = args.includes('--close') ? 'new connection' : 'keep-alive';
const wanted = args.filter((a) => !a.startsWith('--'));
const names = wanted.length ? wanted : ['token', 'internal', 'ldap'];
ensureWrk(console.error);
/**
 * The auth path's parts. A row counts the samples with a matching frame on the stack, so it covers
 * only the synchronous work below that frame: what resumes after an await is counted where it
 * resumes (processTicksAndRejections), not under its caller. Rows may overlap.
 */
const PARTS: Record<string, RegExp> = {
  'request handler: headers, body listeners (mediamtxAuth)': /^mediamtxAuth server\/auth\/endpoint\.ts/,
  'JSON.parse, decision and answer (endpoint decide; no promise when warm)': /^decide server\/auth\/endpoint\.ts/,
  'authenticate() (all of it when answered from memory)': /^authenticate server\/auth\/authenticate\.ts/,
  'playback token check (HS256, verified-token cache)': /^(verify|check) server\/playback\/tokens\.ts/,
  'directory cache read (in-memory Map)': /^(findUserCached|findUser) server\/directory\/ldap\.ts/,
  'internal users (mediamtx.yml), tried first on every request': /^matchInternalUser /,
  'bind cache (salted sha256 key)': /^checkCredentials server\/auth\/people\.ts/,
  'policy (may: rules and groups)': /^may server\/policy\/may\.ts/,
  'Prometheus observe': /^observe server\/auth\/metrics\.ts/,
  'decision log + session registry': /^record server\/(auth|revocation)\//,
  'writing the answer (node:http)': /^answer server\/auth\/endpoint\.ts/,
  'socket write syscalls (the floor has these too)': /^writeGeneric /,
  'accepting connections (the floor has these too)': /^onconnection node:net/,
  'garbage collector': /^\(garbage collector\)/,
};

const root = await mkdtemp(join(tmpdir(), 'overlay-auth-profile-'));

for (const name of names) {
  const dir = join(root, name);
  let window: { fromUs: number; toUs: number } | undefined;
  const auth = await startAuthStack({ cpuProfDir: dir, rulesVia: name === 'rules' ? 'api' : 'file' });
  try {
    if (name === 'rules') {
      console.log(`\n## rules: ${auth.stack.setup.rulesSeconds.toFixed(1)} s to PUT them one by one`);
    } else {
      const target = auth.cases.find((c) => c.name === name);
      if (!target) throw new Error(`unknown case ${name}`);
      const bodies = await target.prepare();
      await runWrk({ url: target.url, bodies, mode, connections: 16, seconds: 1 });
      const measured = await target.prepare();
      const fromUs = monotonicUs();
      const result = await runWrk({ url: target.url, bodies: measured, mode, connections: 16, seconds: 5 });
      window = { fromUs, toUs: monotonicUs() };
      console.log(`\n## ${name}, ${mode}: ${result.requestsPerSecond.toFixed(0)} req/s under --cpu-prof (16 connections, 5 s)`);
    }
  } finally {
    await auth.stop();
  }
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${dir}`);
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as Profile;
  const parts = frameShares(profile, PARTS, window).map(([part, share]) => `  ${(share * 100).toFixed(1).padStart(5)}%  ${part}`);
  console.log(`${join(dir, file)}\nshare of busy time:\n${parts.join('\n')}\n\n${summarizeProfile(profile, { top: 40, window })}`);
}
