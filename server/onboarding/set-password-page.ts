/** The set-password pages: the form, the result, and what a link that no longer works says. */
import { html } from 'hono/html';
import { OverlayError } from '../http/errors.ts';
import { layout } from '../http/page.ts';
import { MAX_LENGTH, MIN_LENGTH, type PolicyProblem } from './password-policy.ts';
import type { LinkState } from './types.ts';

export const SET_PASSWORD_PATH = '/set-password';

export function setPasswordForm(options: { token: string; username: string; problems?: readonly PolicyProblem[] }) {
  const problems = options.problems ?? [];
  const errors = (field: PolicyProblem['field'], label: string) => {
    const mine = problems.filter((p) => p.field === field);
    return mine.length ? html`<p class="error" id="${field}-error" role="alert">${label} ${mine.map((p) => p.message).join('; ')}.</p>` : '';
  };
  const described = (field: PolicyProblem['field']) => (problems.some((p) => p.field === field) ? `${field}-error` : 'rules');
  return layout(
    'Set your password',
    html`<h1>Set your password</h1>
<p>Choose the password for <strong>${options.username}</strong>.</p>
<p id="rules">At least ${MIN_LENGTH} and at most ${MAX_LENGTH} characters, not containing your username and not a common password. A few words strung together work well.</p>
<form method="post" action="${SET_PASSWORD_PATH}">
<input type="hidden" name="token" value="${options.token}">
<input type="text" name="username" value="${options.username}" autocomplete="username" hidden readonly>
<label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="${MIN_LENGTH}" required autofocus aria-describedby="${described('password')}">
${errors('password', 'The password')}
<label for="repeat">Repeat the password</label>
<input id="repeat" name="repeat" type="password" autocomplete="new-password" required aria-describedby="${described('repeat')}">
${errors('repeat', 'The repeated password')}
<button type="submit">Set password</button>
</form>`,
  );
}

export function passwordSetPage(username: string) {
  return layout(
    'Password set',
    html`<h1>Password set</h1>
<p>The password for <strong>${username}</strong> is set. Sign in with it now; this link will not work again.</p>
<p class="links"><a href="/">Sign in</a></p>`,
  );
}

/** 404 for a link nobody made, 410 for one that worked once: what happened, and whom to ask. */
export function unusableLink(state: Exclude<LinkState, { state: 'valid' }>): OverlayError {
  if (state.state === 'unknown') {
    return new OverlayError(404, {
      title: 'Link not found',
      message:
        'This set-password link is not known here. Check that the whole link was copied; if it still fails, ask the admin who approved your access for a new one.',
    });
  }
  const ask = `ask ${state.issuedBy} (who approved your access) or another admin for a new link`;
  const gone = (title: string, message: string, links: Array<{ href: string; text: string }> = []) => new OverlayError(410, { title, message, links });
  if (state.state === 'used') {
    return gone('Link already used', `This link already set the password for ${state.username}. Sign in with that password; if it is lost, ${ask}.`, [
      { href: '/', text: 'Sign in' },
    ]);
  }
  if (state.state === 'replaced')
    return gone(
      'Link replaced',
      `A newer set-password link was made for ${state.username}, so this one no longer works. Use the newest link you received, or ${ask}.`,
    );
  return gone('Link expired', `This set-password link for ${state.username} has expired (links last 24 hours). Please ${ask}.`);
}

/** Authentik deployments set first passwords through Authentik's own recovery link or email. */
export function linksNotUsed(): OverlayError {
  return new OverlayError(404, {
    title: 'No set-password links here',
    message: 'This site does not hand out set-password links: your directory sets passwords itself (Authentik emails its own link). Ask an admin for help.',
  });
}
