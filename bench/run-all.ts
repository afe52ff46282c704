// `npm run bench`: the /api/streams benchmark, the rule engine's, the regex engine's, sign-in
// timing, the forward-auth JWT check, the activity log's cost, then the MediaMTX auth endpoint's,
// printed as tables and written to bench/RESULTS.md. `npm run bench -- streams`, `-- rules`,
// `-- regex` or `-- auth` runs one and only prints it (RESULTS.md always holds a complete run of
// those); `-- login`, `-- jwt` and `-- activity` run one and also replace just its section of RESULTS.md.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { activityMarkdown, formatTable as formatActivity, run as runActivity, type ActivityRow } from './activity.ts';
import { run as runAuth } from './auth.ts';
import { authTargetLines, formatAuthTable, type AuthBenchResult } from './auth-report.ts';
import { jwtMarkdown, run as runJwt, table as formatJwt } from './authentik-jwt.ts';
import { formatTable as formatLogin, loginMarkdown, run as runLogin, type LoginTimingRow } from './login-timing.ts';
import { run as runRegex, type RegexEngineResult } from './regex-engine.ts';
import { formatTable as formatRules, run as runRules, type RulesBenchRow } from './rules-eval.ts';
import { regexMarkdown, replaceSection, resultsMarkdown, targetLines } from './results.ts';
import { formatPassThrough, formatTable as formatStreams, run as runStreams, type StreamsBenchResult } from './streams.ts';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const CHOICES = ['streams', 'rules', 'regex', 'login', 'jwt', 'activity', 'auth'];

const only = process.argv[2];
if (only !== undefined && !CHOICES.includes(only)) {
  console.error(`unknown benchmark "${only}"; run all with \`npm run bench\`, or one with \`npm run bench -- ${CHOICES.join('|')}\``);
  process.exit(2);
}
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;

let streams: StreamsBenchResult | null = null;
let rules: RulesBenchRow[] | null = null;
let login: LoginTimingRow[] | null = null;
let jwt: string[] | null = null;
let activity: ActivityRow[] | null = null;
let regex: RegexEngineResult | null = null;
let auth: AuthBenchResult | null = null;
if (only === undefined || only === 'streams') {
  console.log('GET /api/streams: direct to the editor vs. through the overlay (viewer: filtered + tokens; admin: annotated)');
  streams = await runStreams({ log: (line) => console.log(`  ${line}`) });
  console.log(`\n${formatStreams(streams.rows)}\n\n${formatPassThrough(streams.passThrough)}\n`);
}
if (only === undefined || only === 'rules') {
  // After the streams run, whose overlay process is stopped by now, so the two never share the CPU.
  console.log('Rule evaluation: compiled engine vs. naive scan of every rule');
  rules = runRules();
  console.log(`\n${formatRules(rules)}\n`);
}
if (only === undefined || only === 'regex') {
  console.log('Regex engine: a pathological regex rule vs. a simple one, and RE2 vs. RegExp for globs');
  regex = runRegex();
  console.log(`\n${regexMarkdown(regex)}\n`);
}
if (only === undefined || only === 'login') {
  console.log('Sign-in timing: the shared password check refusing an unknown user, a disabled user and a wrong password');
  login = await runLogin({ log: (line) => console.log(`  ${line}`) });
  console.log(`\n${formatLogin(login)}\n`);
}
if (only === undefined || only === 'jwt') {
  console.log('Forward auth: verifying X-Authentik-Jwt, a new token vs. one seen before');
  jwt = await runJwt();
  console.log(`\n${formatJwt(jwt)}\n`);
}
if (only === undefined || only === 'activity') {
  console.log("Activity log: an admin's change direct to the editor vs. through the overlay, which records it");
  activity = await runActivity({ log: (line) => console.log(`  ${line}`) });
  console.log(`\n${formatActivity(activity)}\n`);
}
const measuredAt = () => new Date().toISOString().slice(0, 16).replace('T', ' ');

if (only === undefined || only === 'auth') {
  // Last, with every other overlay stopped: it saturates the machine on purpose.
  console.log('POST /auth/mediamtx: decisions per second and latency, overlay vs. a bare node:http server');
  const authStarted = performance.now();
  auth = await runAuth({ log: (line) => console.log(`  ${line}`) });
  console.log(`\n${formatAuthTable(auth)}\n\n${authTargetLines(auth).join('\n')}\n\nauth bench: ${((performance.now() - authStarted) / 1000).toFixed(0)} s\n`);
}

if (streams && rules && regex && login && jwt && activity && auth) {
  console.log(targetLines(streams.rows, rules).join('\n'));
  const sections = `${loginMarkdown(login, measuredAt())}\n${jwtMarkdown(jwt, measuredAt())}\n${activityMarkdown(activity, measuredAt())}`;
  await writeFile(RESULTS, resultsMarkdown(streams, rules, regex, sections, auth, elapsed()));
  console.log(`\nwrote ${RESULTS} (${elapsed().toFixed(0)} s)`);
} else if (login || jwt || activity) {
  const section = login ? loginMarkdown(login, measuredAt()) : jwt ? jwtMarkdown(jwt, measuredAt()) : activityMarkdown(activity!, measuredAt());
  await writeFile(RESULTS, replaceSection(await readFile(RESULTS, 'utf8'), section));
  console.log(`${elapsed().toFixed(0)} s; replaced the "${section.slice(3, section.indexOf('\n'))}" section of ${RESULTS}.`);
} else {
  console.log(`${elapsed().toFixed(0)} s; bench/RESULTS.md is written only by a full run (npm run bench).`);
}
