import type { Check, CheckOutcome, CheckResult, DoctorContext } from './types.ts';

/** A dead dependency must fail its line quickly, not hold up the whole report. */
export const CHECK_TIMEOUT_MS = 5_000;

/** An error's message with its cause (fetch hides ECONNREFUSED in `cause`). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : null;
  const reason = cause ? `${error.message}: ${(cause as NodeJS.ErrnoException).code ?? cause.message}` : error.message;
  return reason || error.name;
}

async function runOne(check: Check, ctx: DoctorContext, timeoutMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`));
      resolve({ status: 'fail', detail: `no answer within ${timeoutMs / 1000} s`, fix: check.fix });
    }, timeoutMs);
  });
  const ran = check
    .run({ ...ctx, signal: controller.signal })
    .catch((error: unknown): CheckResult => ({ status: 'fail', detail: describeError(error), fix: check.fix }));
  try {
    return await Promise.race([ran, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Not applicable, a prerequisite that did not pass, or the check's own run. */
async function outcomeOf(check: Check, before: Promise<CheckOutcome> | null, ctx: DoctorContext, timeoutMs: number): Promise<CheckResult> {
  const notApplicable = check.skipWhen?.(ctx.config) ?? null;
  if (notApplicable !== null) return { status: 'skip', detail: notApplicable };
  const prerequisite = await before;
  if (prerequisite?.status === 'skip') return { status: 'skip', detail: prerequisite.detail };
  if (prerequisite?.status === 'fail') return { status: 'skip', detail: `needs "${prerequisite.title}" to pass first` };
  return runOne(check, ctx, timeoutMs);
}

/**
 * Runs every check at once (a check that `requires` another waits for it, then is skipped unless
 * it passed) and returns the outcomes in the list's order, whatever order they finished in.
 */
export async function runChecks(checks: readonly Check[], ctx: DoctorContext, options: { timeoutMs?: number } = {}): Promise<CheckOutcome[]> {
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const started = new Map<string, Promise<CheckOutcome>>();
  for (const check of checks) {
    if (started.has(check.id)) throw new Error(`doctor check "${check.id}" is listed twice`);
    const before = check.requires === undefined ? null : started.get(check.requires);
    if (before === undefined) throw new Error(`doctor check "${check.id}" requires "${check.requires}", which is not listed before it`);
    started.set(
      check.id,
      outcomeOf(check, before, ctx, timeoutMs).then((result) => ({ id: check.id, title: check.title, ...result })),
    );
  }
  return Promise.all(checks.map((check) => started.get(check.id)!));
}

export function allPassed(outcomes: readonly CheckOutcome[]): boolean {
  return outcomes.every((o) => o.status !== 'fail');
}
