import { randomBytes } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type Keyv from 'keyv';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { Logger } from 'pino';
import { DirectoryUnavailableError, type Directory } from '../../directory/types.ts';
import { createFailureThrottle } from '../../http/failure-throttle.ts';
import { directoryDown, OverlayError, wantsJson } from '../../http/errors.ts';
import type { OverlayEnv } from '../../http/env.ts';
import { readForm } from '../../http/form.ts';
import { ipAllowList } from '../../http/ip-allow-list.ts';
import { createPasswordCheck, type PasswordVerdict } from '../password-check.ts';
import { clientIp, fromReverseProxy } from '../proxy-secret.ts';
import { loginPage, safeNext } from './login-page.ts';
import { createSessionStore } from './session-store.ts';

export const SESSION_COOKIE = 'overlay_session';
export const LOGIN_PATH = '/_overlay/login';
/** One message for a wrong password, an unknown user and a disabled user: none of them is revealed. */
export const SIGN_IN_FAILED = 'Wrong username or password, or the account is not active.';

export interface LdapLoginOptions {
  directory: Directory;
  /** Where sessions live: the shared store, so every overlay instance knows every session. */
  sessionStore: Keyv;
  sessionSecret: string | null;
  sessionTtlMs: number;
  cookieSecure: 'auto' | 'true' | 'false';
  proxySecret: string | null;
  /** TRUSTED_PROXIES: whose X-Forwarded-For names the client the failure limits count. */
  trustedProxies: readonly string[];
  log: Logger;
}

/** The overlay's own sign-in for sites with plain LDAP/AD and no Authentik. */
export function ldapLogin(options: LdapLoginOptions) {
  const secret = options.sessionSecret ?? randomBytes(32).toString('hex');
  if (!options.sessionSecret) options.log.warn('SESSION_SECRET is not set: using a random one, so everyone signs in again after a restart');
  const sessions = createSessionStore({ ttlMs: options.sessionTtlMs, store: options.sessionStore });
  const checkPassword = createPasswordCheck({
    directory: options.directory,
    throttle: createFailureThrottle({ perUser: 5, perIp: 20, windowSeconds: 15 * 60 }),
  });
  const trustedProxies = ipAllowList(options.trustedProxies);
  const addressOf = (c: Context) => clientIp(c, options.proxySecret, trustedProxies);

  const secure = (c: Context) =>
    options.cookieSecure === 'auto'
      ? new URL(c.req.url).protocol === 'https:' || (c.req.header('x-forwarded-proto') === 'https' && fromReverseProxy(c, options.proxySecret, trustedProxies))
      : options.cookieSecure === 'true';

  const routes = new Hono<OverlayEnv>();

  routes.get(LOGIN_PATH, (c) => c.html(loginPage({ next: safeNext(c.req.query('next'), new URL(c.req.url).origin) })));

  const smallForm = bodyLimit({
    maxSize: 16 * 1024,
    onError: () => {
      throw new OverlayError(413, { title: 'Sign-in form too large', message: 'The sign-in form was larger than 16 KB.' });
    },
  });

  routes.post(LOGIN_PATH, smallForm, async (c) => {
    const form = await readForm(c);
    const username = String(form.username ?? '').trim();
    const password = String(form.password ?? '');
    const next = safeNext(form.next, new URL(c.req.url).origin);
    const ip = addressOf(c);
    const refuse = (status: 401 | 429, error: string) => c.html(loginPage({ next, error, username }), status);

    let verdict: PasswordVerdict;
    try {
      verdict = await checkPassword(username, password, ip);
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) throw directoryDown(error);
      throw error;
    }
    if (verdict.kind === 'throttled') {
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      options.log.warn({ username, ip }, 'sign-in refused: too many failures');
      return refuse(429, `Too many failed sign-ins. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minute(s).`);
    }
    if (verdict.kind === 'refused') {
      options.log.info({ username, ip }, 'sign-in failed');
      return refuse(401, SIGN_IN_FAILED);
    }
    const { user } = verdict;
    const { id } = await sessions.create(user.username);
    await setSignedCookie(c, SESSION_COOKIE, id, secret, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: secure(c),
      maxAge: Math.floor(options.sessionTtlMs / 1000),
    });
    options.log.info({ username: user.username, ip }, 'signed in');
    return c.redirect(next, 302);
  });

  const identify: MiddlewareHandler<OverlayEnv> = async function ldapLoginIdentity(c, next) {
    const id = await getSignedCookie(c, secret, SESSION_COOKIE);
    const session = id ? await sessions.get(id) : null;
    if (!session) {
      if (c.req.method === 'GET' && !wantsJson(c)) {
        const url = new URL(c.req.url);
        return c.redirect(`${LOGIN_PATH}?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
      }
      throw new OverlayError(401, { title: 'Sign-in required', message: 'Sign in first.', links: [{ href: LOGIN_PATH, text: 'Sign in' }] });
    }
    c.set('identity', { username: session.username, headerGroups: null, source: 'ldap-login' });
    await next();
  };

  async function logout(c: Context<OverlayEnv>) {
    const id = await getSignedCookie(c, secret, SESSION_COOKIE);
    if (id) await sessions.destroy(id);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
    return c.redirect(LOGIN_PATH, 302);
  }

  return { routes, identify, logout };
}
