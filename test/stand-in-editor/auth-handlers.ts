import type { EditorContext, EditorHandler } from './editor-types.ts';
import { loginPage, redirectBody } from './html-pages.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';

/**
 * Werkzeug's redirect: relative Location (Werkzeug >= 2.1 no longer makes it absolute),
 * IRI-quoted (spaces become %20), and a small HTML body.
 */
export function redirect(c: EditorContext, location: string, setCookie?: string): Response {
  const headers: Record<string, string> = { location: encodeURI(location), 'content-type': 'text/html; charset=utf-8' };
  if (setCookie) {
    headers['set-cookie'] = setCookie;
    headers.vary = 'Cookie';
  }
  return c.body(redirectBody(location), 302, headers);
}

export const ADMIN_DENIED_LOCATION = '/?message=Access denied: Admin privileges required&message_type=danger';

export const showLogin: EditorHandler = ({ c }) => c.html(loginPage());

/** POST /login: form fields `username`, `password`; 302 / with a session cookie, or 200 + error. */
export const submitLogin: EditorHandler = async ({ c, state }) => {
  state.counters.loginAttempts += 1;
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const username = typeof form.username === 'string' ? form.username : '';
  const password = typeof form.password === 'string' ? form.password : '';
  const user = state.users.find((u) => u.username === username && u.password === password);
  if (!user) return c.html(loginPage('Invalid username or password'));
  state.counters.logins += 1;
  const cookie = state.signer.sign({ logged_in: true, username: user.username, role: user.role });
  return redirect(c, '/', setSessionCookie(cookie));
};

/** GET /logout: `session.clear()` (a cookie is only cleared if there was one), then /login. */
export const logout: EditorHandler = ({ c, session }) => redirect(c, '/login', session ? clearSessionCookie() : undefined);
