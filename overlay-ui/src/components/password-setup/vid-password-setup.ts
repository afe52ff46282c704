import { html, LitElement, nothing } from 'lit';
import type { PasswordSetup } from '../../shared/api-types.ts';
import { emit } from '../../shared/events.ts';
import { localTime } from '../../shared/format.ts';
import { baseStyles } from '../../shared/styles.ts';
import { passwordSetupStyles } from './vid-password-setup.styles.ts';

/** What an approval handed back, kept in the page's memory only (the server never shows a link again). */
export interface IssuedSetup {
  /** The access request's id. */
  id: string;
  username: string;
  name: string;
  email: string;
  setup: PasswordSetup;
}

/**
 * How an approved person sets their first password: a set-password link to pass on (shown only
 * here, once, with a copy button), or a note that it was emailed. It takes focus when it appears,
 * since the request the admin just approved leaves the list.
 *
 * Data down: `issued`. Events up: `vid-dismiss-setup`.
 */
export class VidPasswordSetup extends LitElement {
  static override styles = [baseStyles, passwordSetupStyles];
  static override properties = {
    issued: { attribute: false },
    copyStatus: { state: true },
  };

  declare issued: IssuedSetup | null;
  declare copyStatus: string;

  constructor() {
    super();
    this.issued = null;
    this.copyStatus = '';
  }

  protected override firstUpdated() {
    const root = this.renderRoot;
    (root.querySelector<HTMLElement>('button.copy-link') ?? root.querySelector<HTMLElement>('h3'))?.focus();
  }

  override render() {
    const issued = this.issued;
    if (!issued) return nothing;
    const { setup, username } = issued;
    const toPassOn = setup.kind === 'link' && !setup.emailed;
    return html`<div class="setup" role="group" aria-labelledby="title" data-setup=${issued.id}>
      <h3 id="title" tabindex="-1">${username} is approved</h3>
      ${toPassOn ? this.renderLink(issued, setup.url, setup.expiresAt) : this.renderEmailed(issued)}
      <p class="status" role="status" aria-live="polite">${this.copyStatus}</p>
      <button type="button" class="secondary" @click=${() => emit(this, 'vid-dismiss-setup', { id: issued.id })}>
        ${toPassOn ? 'Done: I have passed the link on' : 'Done'}
      </button>
    </div>`;
  }

  private renderLink(issued: IssuedSetup, url: string, expiresAt: string) {
    return html`<p><strong>Pass this link on to ${issued.name} (${issued.email}) yourself:</strong> it was not emailed,
        and it is shown only now. With it ${issued.username} chooses a password; it works once, until ${localTime(expiresAt)}.</p>
      <div class="copy">
        <label>Set-password link for ${issued.username}
          <input type="text" readonly .value=${url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
        </label>
        <button type="button" class="copy-link" @click=${() => this.copy(url)}>Copy link</button>
      </div>`;
  }

  private renderEmailed(issued: IssuedSetup) {
    const { setup, name, email } = issued;
    const to = `${name} (${email})`;
    return setup.kind === 'emailed'
      ? html`<p>Authentik emailed a set-password link to ${to}: nothing to pass on.</p>`
      : html`<p>A set-password link was emailed to ${to}: nothing to pass on. It works once, until ${localTime(setup.expiresAt)}.</p>`;
  }

  private async copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      this.copyStatus = 'Copied the link.';
    } catch {
      // No clipboard (an insecure origin, or refused): leave the link selected for Ctrl+C.
      const input = this.renderRoot.querySelector<HTMLInputElement>('input');
      input?.focus();
      input?.select();
      this.copyStatus = 'Copying was not allowed here: the link is selected, press Ctrl+C (⌘C) to copy it.';
    }
  }
}
