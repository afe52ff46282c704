import type { Logger } from 'pino';
import type { EditorAccount } from '../config/index.ts';
import { isLoginRedirect } from '../proxy/headers.ts';

export type UpstreamRole = 'admin' | 'viewer';

/** The editor refused a service account (wrong password, account missing). */
export class EditorLoginError extends Error {
  override name = 'EditorLoginError';
}

/** The editor could not be reached at all. */
export class EditorUnreachableError extends Error {
  override name = 'EditorUnreachableError';
}

export interface UpstreamSessions {
  /** The `session=...` cookie to send for this role, logging in first if there is none yet. */
  cookieFor(role: UpstreamRole): Promise<string>;
  /**
   * Called when `staleCookie` was answered with a redirect to /login (the editor restarted and
   * lost its sessions). Many requests may call this at once: only one login happens.
   */
  renew(role: UpstreamRole, staleCookie: string): Promise<string>;
  /**
   * Before a request that cannot be repeated (a large upload), checks with one cheap call that the
   * role's session is still alive, and logs in again if not. Returns the cookie to use.
   */
  freshCookieFor(role: UpstreamRole): Promise<string>;
  /** How many logins the overlay has made (tests and /healthz read it). */
  loginCount(): number;
}

interface Slot {
  cookie: string | null;
  pending: Promise<string> | null;
  refused: { error: Error; until: number } | null;
}

const LOGIN_TIMEOUT_MS = 10_000;
/** A refused login is not retried for this long, so a wrong password does not hammer the editor. */
const REFUSED_LOGIN_BACKOFF_MS = 5_000;

export function createUpstreamSessions(options: {
  editorUrl: string;
  accounts: { admin: EditorAccount; viewer: EditorAccount };
  log: Logger;
}): UpstreamSessions {
  const slots: Record<UpstreamRole, Slot> = {
    admin: { cookie: null, pending: null, refused: null },
    viewer: { cookie: null, pending: null, refused: null },
  };
  let logins = 0;
  const editorOrigin = new URL(options.editorUrl).origin;

  function loginOnce(role: UpstreamRole): Promise<string> {
    const slot = slots[role];
    if (slot.refused && slot.refused.until > Date.now()) return Promise.reject(slot.refused.error);
    slot.pending ??= login(role)
      .then(
        (cookie) => {
          slot.cookie = cookie;
          slot.refused = null;
          return cookie;
        },
        (error: Error) => {
          if (error instanceof EditorLoginError) slot.refused = { error, until: Date.now() + REFUSED_LOGIN_BACKOFF_MS };
          throw error;
        },
      )
      .finally(() => {
        slot.pending = null;
      });
    return slot.pending;
  }

  async function login(role: UpstreamRole): Promise<string> {
    const account = options.accounts[role];
    const variable = role === 'admin' ? 'EDITOR_ADMIN' : 'EDITOR_VIEWER';
    let response: Response;
    try {
      response = await fetch(`${options.editorUrl}/login`, {
        method: 'POST',
        body: new URLSearchParams({ username: account.username, password: account.password }),
        redirect: 'manual',
        signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
      });
    } catch (error) {
      throw new EditorUnreachableError(`the editor at ${options.editorUrl} did not answer the ${role} login: ${(error as Error).message}`);
    }
    await response.body?.cancel();
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!.trim())
      .find((c) => c.startsWith('session='));
    const refused = isLoginRedirect(response.status, response.headers.get('location') ?? undefined, editorOrigin);
    if (response.status < 300 || response.status >= 400 || !cookie || refused) {
      throw new EditorLoginError(
        `the editor refused the overlay's ${role} account ${variable}_USER=${account.username} (status ${response.status}); check ${variable}_USER and ${variable}_PASSWORD and that the account has the ${role} role in the editor`,
      );
    }
    logins += 1;
    options.log.info({ role, account: account.username }, 'logged in to the editor');
    return cookie;
  }

  async function renew(role: UpstreamRole, staleCookie: string): Promise<string> {
    const slot = slots[role];
    if (slot.cookie !== null && slot.cookie !== staleCookie) return slot.cookie;
    if (slot.cookie === staleCookie) slot.cookie = null;
    return loginOnce(role);
  }

  async function freshCookieFor(role: UpstreamRole): Promise<string> {
    const cookie = slots[role].cookie ?? (await loginOnce(role));
    let response: Response;
    try {
      response = await fetch(`${options.editorUrl}/`, {
        method: 'HEAD',
        headers: { cookie },
        redirect: 'manual',
        signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
      });
    } catch (error) {
      throw new EditorUnreachableError(`the editor at ${options.editorUrl} did not answer: ${(error as Error).message}`);
    }
    const expired = isLoginRedirect(response.status, response.headers.get('location') ?? undefined, editorOrigin);
    return expired ? renew(role, cookie) : cookie;
  }

  return {
    cookieFor: async (role) => slots[role].cookie ?? loginOnce(role),
    renew,
    freshCookieFor,
    loginCount: () => logins,
  };
}
