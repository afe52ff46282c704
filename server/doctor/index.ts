/**
 * The doctor: every dependency the overlay needs, checked at once, one line each with the fix.
 * `npm run doctor` (scripts/doctor.ts) prints it; admins get it as JSON at GET /_overlay/api/doctor.
 */
import { AUTHENTIK_CHECKS } from './authentik-checks.ts';
import { createDoctorContext, type DoctorDeps } from './context.ts';
import { EDITOR_CHECKS } from './editor-checks.ts';
import { LDAP_CHECKS } from './ldap-checks.ts';
import { LOCAL_CHECKS } from './local-checks.ts';
import { MEDIAMTX_CHECKS } from './mediamtx-checks.ts';
import { allPassed, runChecks } from './runner.ts';
import type { Check, CheckOutcome } from './types.ts';

export type { DoctorDeps } from './context.ts';
export { formatReport } from './format.ts';
export type { Check, CheckOutcome, CheckResult, CheckStatus } from './types.ts';

/** In the order they are reported. */
const DOCTOR_CHECKS: readonly Check[] = [...EDITOR_CHECKS, ...MEDIAMTX_CHECKS, ...LDAP_CHECKS, ...AUTHENTIK_CHECKS, ...LOCAL_CHECKS];

export interface DoctorReport {
  /** false when any check failed (skips do not count). */
  ok: boolean;
  checks: CheckOutcome[];
}

export async function runDoctor(deps: DoctorDeps, options: { timeoutMs?: number } = {}): Promise<DoctorReport> {
  const ctx = createDoctorContext(deps);
  try {
    const checks = await runChecks(DOCTOR_CHECKS, ctx, options);
    return { ok: allPassed(checks), checks };
  } finally {
    await ctx.close();
  }
}
