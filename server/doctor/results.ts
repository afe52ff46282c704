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
