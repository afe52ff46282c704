// `npm run bench`: the /api/streams benchmark, then the rule engine's, printed as tables and
// written to bench/RESULTS.md. `npm run bench -- streams` or `-- rules` runs one and only prints
// it (RESULTS.md always holds a complete run).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatTable as formatRules, run as runRules, type RulesBenchRow } from './rules-eval.ts';
import { resultsMarkdown, targetLines } from './results.ts';
import { formatPassThrough, formatTable as formatStreams, run as runStreams, type StreamsBenchResult } from './streams.ts';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const CHOICES = ['streams', 'rules'];

const only = process.argv[2];
if (only !== undefined && !CHOICES.includes(only)) {
  console.error(`unknown benchmark "${only}"; run all with \`npm run bench\`, or one with \`npm run bench -- ${CHOICES.join('|')}\``);
  process.exit(2);
}
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;

let streams: StreamsBenchResult | null = null;
let rules: RulesBenchRow[] | null = null;
if (only !== 'rules') {
  console.log('GET /api/streams: direct to the editor vs. through the overlay (viewer: filtered + tokens; admin: annotated)');
  streams = await runStreams({ log: (line) => console.log(`  ${line}`) });
  console.log(`\n${formatStreams(streams.rows)}\n\n${formatPassThrough(streams.passThrough)}\n`);
}
if (only !== 'streams') {
  // After the streams run, whose overlay process is stopped by now, so the two never share the CPU.
  console.log('Rule evaluation: compiled engine vs. naive scan of every rule');
  rules = runRules();
  console.log(`\n${formatRules(rules)}\n`);
}

if (streams && rules) {
  console.log(targetLines(streams.rows, rules).join('\n'));
  await writeFile(RESULTS, resultsMarkdown(streams, rules, elapsed()));
  console.log(`\nwrote ${RESULTS} (${elapsed().toFixed(0)} s)`);
} else {
  console.log(`${elapsed().toFixed(0)} s; bench/RESULTS.md is written only by a full run (npm run bench).`);
}
