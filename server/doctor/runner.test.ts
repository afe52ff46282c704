import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { formatReport } from './format.ts';
import { allPassed, describeError, runChecks } from './runner.ts';
import type { Check, CheckResult, DoctorContext } from './types.ts';

const ctx = { config: loadConfig({}), overlayPort: 8080 } as DoctorContext;

function check(id: string, run: Check['run'], extra: Partial<Check> = {}): Check {
  return { id, title: `Check ${id}`, fix: `fix ${id}`, run, ...extra };
}

const result =
  (status: CheckResult['status'], detail = status): (() => Promise<CheckResult>) =>
  async () => ({ status, detail, ...(status === 'fail' && { fix: 'do this' }) });

describe('runChecks', () => {
  it("runs the checks at once and reports them in the list's order", async () => {
    const started: string[] = [];
    let releaseFirst!: () => void;
    const first = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const outcomes = runChecks(
      [
        check('slow', async () => {
          started.push('slow');
          await first;
          return { status: 'pass', detail: 'slow done' };
        }),
        check('fast', async () => {
          started.push('fast');
          releaseFirst();
          return { status: 'pass', detail: 'fast done' };
        }),
      ],
      ctx,
    );
    expect((await outcomes).map((o) => [o.id, o.title, o.detail])).toEqual([
      ['slow', 'Check slow', 'slow done'],
      ['fast', 'Check fast', 'fast done'],
    ]);
    expect(started).toEqual(['slow', 'fast']);
  });

  it("turns a thrown error into a failure with the check's fix, and a hang into a timeout", async () => {
    let aborted = false;
    const outcomes = await runChecks(
      [
        check('throws', async () => {
          throw new Error('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
        }),
        check(
          'hangs',
          ({ signal }) =>
            new Promise(() => {
              signal.addEventListener('abort', () => {
                aborted = true;
              });
            }),
        ),
      ],
      ctx,
      { timeoutMs: 20 },
    );
    expect(outcomes).toEqual([
      { id: 'throws', title: 'Check throws', status: 'fail', detail: 'fetch failed: ECONNREFUSED', fix: 'fix throws' },
      { id: 'hangs', title: 'Check hangs', status: 'fail', detail: 'no answer within 0.02 s', fix: 'fix hangs' },
    ]);
    expect(aborted).toBe(true);
  });

  it('skips what does not apply, and what needs a check that did not pass', async () => {
    let ran = false;
    const outcomes = await runChecks(
      [
        check(
          'off',
          async () => {
            ran = true;
            return { status: 'pass', detail: '' };
          },
          { skipWhen: () => 'not configured' },
        ),
        check('after-off', result('pass'), { requires: 'off' }),
        check('broken', result('fail')),
        check('after-broken', result('pass'), { requires: 'broken' }),
        check('after-after', result('pass'), { requires: 'after-broken' }),
        check('fine', result('pass')),
        check('after-fine', result('pass'), { requires: 'fine' }),
      ],
      ctx,
    );
    expect(ran).toBe(false);
    expect(outcomes.map((o) => [o.id, o.status, o.detail])).toEqual([
      ['off', 'skip', 'not configured'],
      ['after-off', 'skip', 'not configured'],
      ['broken', 'fail', 'fail'],
      ['after-broken', 'skip', 'needs "Check broken" to pass first'],
      ['after-after', 'skip', 'needs "Check broken" to pass first'],
      ['fine', 'pass', 'pass'],
      ['after-fine', 'pass', 'pass'],
    ]);
    expect(allPassed(outcomes)).toBe(false);
    expect(allPassed(outcomes.filter((o) => o.status !== 'fail'))).toBe(true);
  });

  it('refuses a list whose prerequisites are missing, misplaced or doubled', async () => {
    await expect(runChecks([check('a', result('pass'), { requires: 'b' }), check('b', result('pass'))], ctx)).rejects.toThrow(
      /requires "b", which is not listed before it/,
    );
    await expect(runChecks([check('a', result('pass')), check('a', result('pass'))], ctx)).rejects.toThrow(/listed twice/);
  });
});

describe('formatReport', () => {
  it('writes one line per check, the fix of a failure indented below it, and a tally', () => {
    expect(
      formatReport([
        { id: 'a', title: 'Editor answers', status: 'pass', detail: 'answered 200' },
        { id: 'b', title: 'LDAP binds', status: 'fail', detail: 'refused\nthe bind', fix: 'Check LDAP_BIND_PASSWORD.' },
        { id: 'c', title: 'Store', status: 'skip', detail: 'vanilla mode', fix: 'not shown' },
      ]),
    ).toBe(
      [
        '✔ Editor answers: answered 200',
        '✘ LDAP binds: refused the bind',
        '    fix: Check LDAP_BIND_PASSWORD.',
        '– Store: vanilla mode',
        '',
        '1 passed, 1 failed, 1 skipped',
        '',
      ].join('\n'),
    );
  });

  it('describes errors with their cause', () => {
    expect(describeError(new Error('fetch failed', { cause: new Error('socket hang up') }))).toBe('fetch failed: socket hang up');
    expect(describeError('plain')).toBe('plain');
  });
});
