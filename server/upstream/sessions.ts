import type { Logger } from 'pino';
import type { EditorAccount } from '../config/index.ts';

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
  /** How many logins the overlay has made (tests and /healthz read it). */
  loginCount(): number;
}

interface Slot {
  cookie: string | null;
  pending: Promise<string> | null;
}

const LOGIN_TIMEOUT_MS = 10_000;

export function createUpstreamSessions(options: {
  editorUrl: string;
  accounts: { admin: EditorAccount; viewer: EditorAccount };
  log: Logger;
}): UpstreamSessions {
  const slots: Record<UpstreamRole, Slot> = {
    admin: { cookie: null, pending: null },
    viewer: { cookie: null, pending: null },
  };
  let logins = 0;

  function loginOnce(role: UpstreamRole): Promise<string> {
    const slot = slots[role];
    slot.pending ??= login(role)
      .then((cookie) => {
        slot.cookie = cookie;
        return cookie;
      })
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
    const location = response.headers.get('location') ?? '';
    if (response.status < 300 || response.status >= 400 || !cookie || /\/login\b/.test(location)) {
      throw new EditorLoginError(
        `the editor refused the overlay's ${role} account ${variable}_USER=${account.username} (status ${response.status}); check ${variable}_USER and ${variable}_PASSWORD and that the account has the ${role} role in the editor`,
      );
    }
    logins += 1;
    options.log.info({ role, account: account.username }, 'logged in to the editor');
    return cookie;
  }

  return {
    async cookieFor(role) {
      return slots[role].cookie ?? loginOnce(role);
    },
    async renew(role, staleCookie) {
      const slot = slots[role];
      if (slot.cookie !== null && slot.cookie !== staleCookie) return slot.cookie;
      if (slot.cookie === staleCookie) slot.cookie = null;
      return loginOnce(role);
    },
    loginCount: () => logins,
  };
}
