// Sign-in timing: how long the shared password check (server/identity/password-check.ts, behind the
// sign-in page and the MediaMTX auth endpoint) takes to refuse an unknown name, a disabled user and
// a wrong password, against the seeded slapd. If one were answered sooner, the time would tell which
// names exist. Medians side by side, the wrong password as the baseline; nothing asserts on them.
// Run alone: npm run bench -- login
import { createLdapDirectory } from '../server/directory/ldap.ts';
import { createFailureThrottle } from '../server/http/failure-throttle.ts';
import { createPasswordCheck } from '../server/identity/password-check.ts';
import { ldapSettingsFor, startSlapd } from '../test/harness/slapd.ts';
import { percentile } from './http-timing.ts';

export type LoginCase = 'wrong password' | 'unknown user' | 'disabled user' | 'refused name' | 'right password';

/** What each case sends; every password is `<username>-pass` in the seed. */
const CASES: ReadonlyArray<{ case: LoginCase; username: string; password: string }> = [
  { case: 'wrong password', username: 'erin', password: 'erin-wrong' },
  { case: 'unknown user', username: 'nobody-here', password: 'whatever' },
  { case: 'disabled user', username: 'dave', password: 'dave-pass' },
  { case: 'refused name', username: 'ｅｒｉｎ', password: 'erin-pass' },
  { case: 'right password', username: 'erin', password: 'erin-pass' },
];

export const ROUNDS = 400;
export const WARMUP = 40;

export interface LoginTimingRow {
  case: LoginCase;
  /** ms */
  p50: number;
  p90: number;
  /** p50 minus the wrong password's p50 (ms): what an attacker would have to measure. */
  deltaP50: number;
  /** p50 divided by the wrong password's p50. */
  ratioP50: number;
  answer: string;
}

/** Fisher-Yates, so no case always runs right after another (a warm connection, a GC pause). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function run(options: { log?: (line: string) => void } = {}): Promise<LoginTimingRow[]> {
  const log = options.log ?? (() => {});
  const slapd = await startSlapd();
  const directory = createLdapDirectory(ldapSettingsFor(slapd, { timeoutMs: 5_000 }));
  try {
    // Limits out of reach: the bench repeats each failure hundreds of times from one address.
    const check = createPasswordCheck({ directory, throttle: createFailureThrottle({ perUser: 1e9, perIp: 1e9, windowSeconds: 1 }) });
    const times = new Map<LoginCase, number[]>(CASES.map((c) => [c.case, []]));
    const answers = new Map<LoginCase, string>();
    log(`${CASES.length} cases, ${ROUNDS} rounds after ${WARMUP} warm-up, each round in a new random order`);
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (const c of shuffled(CASES)) {
        const started = performance.now();
        const verdict = await check(c.username, c.password, '198.51.100.1');
        const ms = performance.now() - started;
        if (round >= WARMUP) times.get(c.case)!.push(ms);
        answers.set(c.case, verdict.kind);
      }
    }
    const baseline = percentile(times.get('wrong password')!, 0.5);
    return CASES.map((c) => {
      const samples = times.get(c.case)!;
      const p50 = percentile(samples, 0.5);
      return { case: c.case, p50, p90: percentile(samples, 0.9), deltaP50: p50 - baseline, ratioP50: p50 / baseline, answer: answers.get(c.case)! };
    });
  } finally {
    await directory.close();
    await slapd.stop();
  }
}

export function formatTable(rows: readonly LoginTimingRow[]): string {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)} ms`;
  const lines = [
    ['case', 'answer', 'p50', 'p90', 'p50 vs wrong password', '×p50'],
    ...rows.map((r) =>
      r.case === 'wrong password'
        ? [r.case, r.answer, ms(r.p50), ms(r.p90), '(baseline)', '']
        : [r.case, r.answer, ms(r.p50), ms(r.p90), signed(r.deltaP50), `${r.ratioP50.toFixed(2)}×`],
    ),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const pad = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [pad(lines[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(pad)].join('\n');
}

/** The RESULTS.md section; `npm run bench -- login` replaces just this section. */
export function loginMarkdown(rows: readonly LoginTimingRow[], measuredAt: string): string {
  return `## Sign-in timing

\`bench/login-timing.ts\`, measured ${measuredAt} UTC. The shared password check behind the sign-in
page and the MediaMTX auth endpoint, called in-process against the seeded slapd (the HTTP layer
around it is the same code for every refusal). ${ROUNDS} rounds after ${WARMUP} warm-up; each round
runs every case once, in a new random order. Every refusal does the same work: one user search, then
one bind on a fresh connection (as the user for a wrong password, else as a DN nobody has); the
groups are read only after a right password, which is why that row is slower. What is left for an
unknown name (about 0.1 ms) is its search coming back without an entry; the per-name and per-address
limits allow a handful of tries per 15 minutes, far too few to see that through network jitter.
Before (issue 12, item 6; the same loop on the previous code, p50): wrong password 1.90 ms, unknown
user 0.35 ms (−1.56 ms: no bind), disabled user 0.79 ms (−1.11 ms: no bind), and \`ｅｒｉｎ\` with
erin's password signed in as erin.

\`\`\`
${formatTable(rows)}
\`\`\`
`;
}
