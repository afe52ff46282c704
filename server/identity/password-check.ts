import type { Directory, DirectoryUser } from '../directory/types.ts';
import type { FailureThrottle } from '../http/failure-throttle.ts';

export type PasswordVerdict =
  | { kind: 'user'; user: DirectoryUser }
  /** A wrong password, an unknown, disabled or refused name: one answer for all of them. */
  | { kind: 'refused' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * Login names a password is checked for: ASCII letters, digits and `._@+-` (uid, cn, sAMAccountName
 * and userPrincipalName values in practice). Directories match names loosely (OpenLDAP finds `eve`
 * for `ｅｖｅ`, `ℯve` or `eve` plus a no-break space), so anything else is refused rather than sent.
 */
const PLAIN_LOGIN_NAME = /^[A-Za-z0-9._@+-]{1,256}$/;
/** Searched for in place of a refused name, so the refusal costs the same search; never bound as. */
const REFUSED_NAME_STAND_IN = 'overlay-refused-login-name';

/**
 * The key failures count under: NFKC folds the lookalikes a directory folds (fullwidth, ℯ, no-break
 * space) into the plain name, so every spelling of a name shares one budget, and an unknown or
 * refused spelling counts exactly where the real name would.
 */
export function failureKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/**
 * The one password check behind the sign-in page and the MediaMTX auth endpoint, so the two cannot
 * drift. Every failure does the same work (a search, then a bind on a fresh connection; see the
 * directory's checkPassword) and counts under the directory's own spelling of the name. Throws
 * DirectoryUnavailableError when the directory cannot answer; each caller words that its own way.
 */
export function createPasswordCheck(options: { directory: Directory; throttle: FailureThrottle }) {
  const { directory, throttle } = options;
  const throttled = (retryAfterSeconds: number): PasswordVerdict => ({ kind: 'throttled', retryAfterSeconds });

  return async function checkPassword(username: string, password: string, ip: string): Promise<PasswordVerdict> {
    const typedKey = failureKey(username);
    // An address or name already over its limit costs the directory nothing.
    const early = await throttle.check(typedKey, ip);
    if (early.blocked) return throttled(early.retryAfterSeconds);
    const plain = PLAIN_LOGIN_NAME.test(username);
    const found = await directory.findLogin(plain ? username : REFUSED_NAME_STAND_IN);
    const entry = plain ? found : null;
    const key = entry ? failureKey(entry.username) : typedKey;
    const verdict = await throttle.check(key, ip);
    if (verdict.blocked) return throttled(verdict.retryAfterSeconds);
    const user = await directory.checkPassword(entry, password);
    if (!user) {
      await throttle.recordFailure(key, ip);
      return { kind: 'refused' };
    }
    await throttle.recordSuccess(key);
    return { kind: 'user', user };
  };
}

export type PasswordCheck = ReturnType<typeof createPasswordCheck>;
