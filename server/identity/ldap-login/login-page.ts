import { html } from 'hono/html';
import { layout } from '../../http/page.ts';

export function loginPage(options: { next: string; error?: string; username?: string }) {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
<p>Use your directory account.</p>
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/_overlay/login">
<input type="hidden" name="next" value="${options.next}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required autofocus value="${options.username ?? ''}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** Tab, CR, LF and the other C0 controls, DEL, and the C1 controls: never part of a path worth keeping. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Where to go after signing in: only a path on this site, else `/`. Browsers drop tabs and newlines
 * while parsing a Location (`/\t/evil.example` becomes `//evil.example`) and read `\` as `/`, so
 * a value holding either is refused outright rather than reasoned about; what is left must resolve
 * to this origin. The answer is the parsed path (percent-encoded ASCII), so it is always a valid
 * header, unless dot segments collapsed it to `//host` (`/.//evil.example`): then `/` too.
 */
export function safeNext(value: unknown, origin: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.includes('\\') || CONTROL.test(value)) return '/';
  const url = URL.parse(value, origin);
  return url && url.origin === origin && !url.pathname.startsWith('//') ? `${url.pathname}${url.search}${url.hash}` : '/';
}
