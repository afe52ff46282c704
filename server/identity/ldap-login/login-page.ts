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

/** Only a path on this site may follow a sign-in: `//evil.example` or `https://...` would be an open redirect. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}
