import type { Config } from '../config/index.ts';
import { describeError } from './runner.ts';
import type { CheckResult } from './types.ts';

export const pass = (detail: string): CheckResult => ({ status: 'pass', detail });
export const fail = (detail: string, fix: string): CheckResult => ({ status: 'fail', detail, fix });

/** fetch, with a failure to connect named by the URL (fetch alone says only "fetch failed"). */
export async function fetchFrom(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { redirect: 'manual', ...init });
  } catch (error) {
    throw new Error(`no answer from ${url}: ${describeError(error)}`, { cause: error });
  }
}

/** The status only; the body is not needed and would hold the connection. */
export async function statusOf(url: string, init: RequestInit): Promise<Response> {
  const response = await fetchFrom(url, init);
  await response.body?.cancel();
  return response;
}

/** Why a check of the forward-auth headers is skipped: in these setups no identity header is believed. */
export function forwardAuthHeadersUnused(config: Readonly<Pick<Config, 'mode' | 'identity'>>): string | null {
  if (config.mode === 'vanilla') return 'vanilla mode: no identity headers are believed';
  if (config.identity === 'ldap-login') return 'IDENTITY=ldap-login: identity headers are never believed';
  return null;
}
