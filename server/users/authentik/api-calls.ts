/**
 * How every Authentik API module calls the generated client `@goauthentik/api`: one timeout per
 * call, answers read as raw JSON (the client's models throw on fields one server version has and
 * another lacks), every page of a list, and failures worded so an admin can act on them.
 */
import { Configuration, FetchError, ResponseError } from '@goauthentik/api';
import { OverlayError } from '../../http/errors.ts';

export type Json = Record<string, unknown>;
export type Raw = { raw: Response };

export interface AuthentikConnection {
  url: string;
  token: string;
  timeoutMs?: number;
}

export const PAGE_SIZE = 100;
/** How long one call may take unless the connection says otherwise. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;
/** 1,000 pages of 100: far past any real directory, and a bound on a server whose `next` never ends. */
const MAX_PAGES = 1_000;

export function authentikCalls(options: AuthentikConnection) {
  const configuration = new Configuration({ basePath: `${options.url}/api/v3`, accessToken: options.token });
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;

  async function call<T>(what: string, op: (init: RequestInit) => Promise<T>): Promise<T> {
    try {
      return await op({ signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw await apiFailure(what, error, options.url);
    }
  }

  const json = async (what: string, op: (init: RequestInit) => Promise<Raw>) => call(what, async (init) => (await (await op(init)).raw.json()) as Json);

  /** Follows `pagination.next`, a page number (0 = no more), and collects every result. */
  async function allPages(what: string, fetchPage: (page: number, init: RequestInit) => Promise<Raw>): Promise<Json[]> {
    const results: Json[] = [];
    for (let page = 1, n = 0; page > 0 && n < MAX_PAGES; n++) {
      const body = await json(what, (init) => fetchPage(page, init));
      results.push(...asArray(body.results));
      const next = Number((body.pagination as Json | undefined)?.next ?? 0);
      page = Number.isInteger(next) && next > page ? next : 0;
    }
    return results;
  }

  return { configuration, call, json, allPages };
}

export function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => v !== null && typeof v === 'object') : [];
}

export const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** An answer that lacks what every Authentik version sends (a pk after a create). */
export function oddAnswer(what: string, url: string): OverlayError {
  return new OverlayError(502, { title: 'Authentik answered oddly', message: `Authentik (${url}) answered without the expected object while ${what}.` });
}

/** Turns the client's errors into answers an admin can act on. */
async function apiFailure(what: string, error: unknown, url: string): Promise<OverlayError> {
  if (error instanceof OverlayError) return error;
  if (error instanceof ResponseError) {
    const status = error.response.status;
    const detail = (await error.response.text().catch(() => '')).slice(0, 300);
    // "No recovery flow set.": the brand has none, so no recovery link or email can be made.
    if (status === 400 && /recovery flow/i.test(detail)) {
      return new OverlayError(409, {
        title: 'Password recovery is not enabled',
        message:
          'Authentik has no password recovery flow on its brand, so it can make no set-password link or email. Enable password recovery first, then try again.',
        log: `Authentik ${what}: ${status} ${detail}`,
      });
    }
    // A 400 is Authentik refusing what was sent (a name already taken, say): worth showing to the admin who asked.
    const hint =
      status === 401 || status === 403
        ? ' Check AUTHENTIK_TOKEN and the permissions of its user.'
        : status === 400 && detail
          ? ` Authentik said: ${detail}`
          : '';
    return new OverlayError(502, {
      title: 'Authentik refused the request',
      message: `Authentik (${url}) answered ${status} while ${what}.${hint}`,
      log: `Authentik ${what}: ${status} ${detail}`,
    });
  }
  const reason = error instanceof FetchError ? ((error.cause as Error | undefined)?.message ?? error.message) : (error as Error).message;
  return new OverlayError(502, {
    title: 'Authentik is not answering',
    message: `Authentik (${url}) could not be reached while ${what}. Try again in a moment.`,
    log: `Authentik ${what}: ${reason}`,
  });
}
