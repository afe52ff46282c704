// The auth benchmark's stack and its cases: slapd with 10,000 users, the overlay with 2,000 rules
// and the stock installer's internal users, the floor server, and for each case the bodies of
// one run, checked and with the overlay's caches filled just before it.
import { seedMany } from '../test/harness/seed.ts';
import { asForwardAuthUser } from '../test/harness/stack.ts';
import { authRules, GROUPS, groupOf, internalBody, ldapBody, MEDIAMTX_YML, tokenBody, USERS, username } from './auth-data.ts';
import type { AuthCase } from './auth-report.ts';
import { startFloor } from './load.ts';
import { startBenchStack, type BenchStack } from './stack.ts';

/** Users (and so bodies) per measured run: fresh ones each time, see authCases(). */
export const SLICE = 50;

export interface Case {
  name: AuthCase;
  url: string;
  /** Bodies for one run, already answered once each (checked 204, and caches filled). */
  prepare(): Promise<string[]>;
}

export interface AuthStack {
  stack: BenchStack;
  endpoint: string;
  /** The floor, then (a) token, (b) internal, (c) ldap. */
  cases: Case[];
  floorPid: number;
  /** The next `count` users no run has used yet (indices for username()). */
  freshUsers(count: number): number[];
  stop(): Promise<void>;
}

/**
 * `rulesVia: 'file'` loads the rules as RULES_FILE at start instead of PUTting them one by one
 * through the API: the same rules, for profiling runs that do not time the loading.
 */
export async function startAuthStack(options: { cpuProfDir?: string; rulesVia?: 'api' | 'file' } = {}): Promise<AuthStack> {
  const env: Record<string, string> = { LOG_LEVEL: 'warn' };
  if (options.cpuProfDir) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${options.cpuProfDir}`;
  const stack = await startBenchStack({
    seed: async (slapd) => void (await seedMany(slapd, { users: USERS, groups: GROUPS })),
    rules: authRules(),
    rulesVia: options.rulesVia,
    mediamtxYaml: MEDIAMTX_YML,
    env,
  });
  const floor = await startFloor().catch(async (error: Error) => {
    await stack.stop();
    throw error;
  });
  const endpoint = `${stack.overlayUrl}/auth/mediamtx`;
  let cursor = 0;
  const freshUsers = (count: number) => {
    if (cursor + count > USERS) throw new Error(`only ${USERS} users are seeded`);
    return Array.from({ length: count }, () => cursor++);
  };
  const answered = async (bodies: string[]) => {
    for (const body of bodies) {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status !== 204) throw new Error(`expected 204 for ${body.slice(0, 120)}…, got ${res.status} ${await res.text()}`);
    }
    return bodies;
  };
  /** A viewer's GET /api/hlsviewer-credential, as the editor's player asks for it. */
  const token = async (index: number) => {
    const res = await fetch(`${stack.overlayUrl}/api/hlsviewer-credential`, { headers: asForwardAuthUser(username(index), [groupOf(index)]) });
    if (!res.ok) throw new Error(`token for ${username(index)}: HTTP ${res.status}`);
    return ((await res.json()) as { password: string }).password;
  };
  const internal = Array.from({ length: SLICE }, (_, n) => internalBody(n));
  // Fresh users for every run, their caches filled just before it: the bind cache keeps an entry
  // at most 60 s (the directory cache DIRECTORY_CACHE_TTL, 60 s by default), so users reused
  // across the whole bench would expire in the middle of a later run and time cold decisions.
  const cases: Case[] = [
    { name: 'floor', url: floor.url, prepare: async () => internal },
    { name: 'token', url: endpoint, prepare: async () => answered(await Promise.all(freshUsers(SLICE).map(async (i) => tokenBody(i, await token(i))))) },
    { name: 'internal', url: endpoint, prepare: () => answered(internal) },
    { name: 'ldap', url: endpoint, prepare: () => answered(freshUsers(SLICE).map(ldapBody)) },
  ];
  return {
    stack,
    endpoint,
    cases,
    floorPid: floor.pid,
    freshUsers,
    async stop() {
      await floor.stop();
      await stack.stop();
    },
  };
}

/** Each case is decided the way it is named (internal user, token, directory), not by something earlier. */
export async function checkDecisions(auth: AuthStack): Promise<void> {
  const expected: Partial<Record<AuthCase, string>> = { token: 'token', internal: 'internal-user', ldap: 'directory' };
  for (const c of auth.cases) {
    const by = expected[c.name];
    if (!by) continue;
    const bodies = await c.prepare();
    const res = await fetch(`${auth.stack.overlayUrl}/_overlay/api/decisions?limit=${bodies.length}`, { headers: asForwardAuthUser('demo-admin') });
    const { decisions } = (await res.json()) as { decisions: Array<{ by: string; result: string }> };
    const wrong = decisions.filter((d) => d.by !== by || d.result !== 'allow');
    if (decisions.length !== bodies.length || wrong.length > 0)
      throw new Error(`${c.name}: expected ${bodies.length} allows by ${by}, got ${JSON.stringify(wrong.slice(0, 3))}`);
  }
}
