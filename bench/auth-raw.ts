// An experiment for the lead: how much of an auth decision's cost is the HTTP layer (Hono, the web
// Request, web streams)? Runs bench/auth-raw-endpoint.ts (plain node:http around the overlay's own
// AuthService) beside the real overlay, against the same directory and store, and times both and
// the floor with wrk (16 connections, 2 s each after 1 s untimed), with the CPU each server spent per request.
// Run: node --disable-warning=ExperimentalWarning bench/auth-raw.ts
import { startAuthStack } from './auth-setup.ts';
import { CASE_NAMES } from './auth-report.ts';
import { cpuWindow } from './cpu.ts';
import { startServerProcess } from './load.ts';
import { ensureWrk, runWrk, type ConnectionMode } from './wrk.ts';

ensureWrk(console.error);
const auth = await startAuthStack({ rulesVia: process.argv.includes('--api') ? 'api' : 'file' });
const raw = await startServerProcess('./auth-raw-endpoint.ts', auth.stack.env).catch(async (error: Error) => {
  await auth.stop();
  throw error;
});

/** The most CPU other people's processes used during any run (cores), to judge the noise. */
let others = 0;

/** req/s and the server's CPU µs per request over one wrk run. */
async function timed(url: string, pid: number, bodies: string[], mode: ConnectionMode) {
  await runWrk({ url, bodies, mode, connections: 16, seconds: 1 }); // untimed: JIT warm for this mode
  const stop = cpuWindow([pid]);
  const result = await runWrk({ url, bodies, mode, connections: 16, seconds: 2 });
  const window = stop();
  if (result.non2xx > 0 || result.socketErrors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.socketErrors} socket errors`);
  others = Math.max(others, window.othersCores);
  return { rps: result.requestsPerSecond, cpuUs: (window.byPid.get(pid)! * 1000) / result.requests };
}

const lines = ['case                  connection      overlay req/s  CPU/req   raw req/s  CPU/req   floor req/s  CPU/req   raw / overlay'];
try {
  const floor = auth.cases.find((c) => c.name === 'floor')!;
  for (const mode of ['new connection', 'keep-alive'] as const) {
    const bare = await timed(floor.url, auth.floorPid, await floor.prepare(), mode);
    for (const c of auth.cases.filter((x) => x !== floor)) {
      const bodies = await c.prepare();
      // The raw endpoint has its own caches: fill them too (and check it allows).
      for (const body of bodies) {
        const res = await fetch(raw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (res.status !== 204) throw new Error(`raw endpoint answered ${res.status} for ${c.name}`);
      }
      const overlay = await timed(c.url, auth.stack.overlayPid, bodies, mode);
      const plain = await timed(raw.url, raw.pid, bodies, mode);
      const cell = (r: { rps: number; cpuUs: number }, width: number) => `${r.rps.toFixed(0).padStart(width)}  ${`${r.cpuUs.toFixed(0)} µs`.padStart(7)}`;
      lines.push(
        `${CASE_NAMES[c.name].padEnd(20)}  ${mode.padEnd(14)}  ${cell(overlay, 13)}  ${cell(plain, 10)}  ${cell(bare, 12)}  ${`${(plain.rps / overlay.rps).toFixed(2)}×`.padStart(13)}`,
      );
      console.error(lines.at(-1));
    }
  }
} finally {
  await raw.stop();
  await auth.stop();
}
console.log(`\n${lines.join('\n')}\n\nprocesses outside this run used at most ${others.toFixed(2)} cores during a measurement.`);
