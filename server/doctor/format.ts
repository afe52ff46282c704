import type { CheckOutcome, CheckStatus } from './types.ts';

const MARK: Record<CheckStatus, string> = { pass: '✔', fail: '✘', skip: '–' };

/** Server answers end up in details: keep each on its one line. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').trim();

/** One line per check (mark, title, detail); a failure's fix on the next line, indented; then a tally. */
export function formatReport(outcomes: readonly CheckOutcome[]): string {
  const lines: string[] = [];
  for (const o of outcomes) {
    lines.push(`${MARK[o.status]} ${o.title}: ${oneLine(o.detail)}`);
    if (o.status === 'fail' && o.fix) lines.push(`    fix: ${oneLine(o.fix)}`);
  }
  const count = (status: CheckStatus) => outcomes.filter((o) => o.status === status).length;
  lines.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  return `${lines.join('\n')}\n`;
}
