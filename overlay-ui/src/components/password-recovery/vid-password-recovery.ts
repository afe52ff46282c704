import { html, LitElement, nothing } from 'lit';
import type { RecoveryItem, RecoveryStatus } from '../../shared/api-types.ts';
import { emit } from '../../shared/events.ts';
import { baseStyles } from '../../shared/styles.ts';
import { passwordRecoveryStyles } from './vid-password-recovery.styles.ts';

/**
 * "Enable password recovery" (Authentik): each piece of the recovery flow, present or missing and
 * why, and one button that creates what is missing. Running it again changes nothing.
 *
 * Data down: `recovery`, `created` (keys the last run made), `busy`, `status`, `error`.
 * Events up: `vid-enable-recovery`.
 */
export class VidPasswordRecovery extends LitElement {
  static override styles = [baseStyles, passwordRecoveryStyles];
  static override properties = {
    recovery: { attribute: false },
    created: { attribute: false },
    busy: { attribute: false },
    status: { attribute: false },
    error: { attribute: false },
  };

  declare recovery: RecoveryStatus | null;
  declare created: string[];
  declare busy: boolean;
  declare status: string;
  declare error: string | null;

  constructor() {
    super();
    this.recovery = null;
    this.created = [];
    this.busy = false;
    this.status = '';
    this.error = null;
  }

  override render() {
    const recovery = this.recovery;
    const missing = recovery?.items.filter((i) => !i.present && !i.checkOnly).length ?? 0;
    return html`<section class="card" aria-labelledby="vid-pr-title">
      <h2 id="vid-pr-title">Password recovery in Authentik</h2>
      <p class="muted">Lets people reset a forgotten password ("Forgot password?" on the login page) and lets Authentik
        email approved people their set-password link. Enable creates only what is missing.</p>
      ${
        recovery
          ? html`<p data-summary>${
              recovery.complete ? 'Everything Enable manages is in place.' : `${missing} of the pieces Enable manages ${missing === 1 ? 'is' : 'are'} missing.`
            }</p>
          <ul class="items" aria-label="Password recovery pieces">${recovery.items.map((i) => this.renderItem(i))}</ul>`
          : nothing
      }
      <button type="button" ?disabled=${this.busy}
        @click=${() => emit(this, 'vid-enable-recovery', {})}>Enable password recovery</button>
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      ${this.error ? html`<p class="notice warn" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }

  private renderItem(item: RecoveryItem) {
    const state = item.present ? 'present' : item.checkOnly ? 'unverified' : 'missing';
    return html`<li data-item=${item.key}>
      <span class="chip ${item.present ? 'present' : 'missing'}">${state}</span>
      <span><strong>${item.label}</strong>${this.created.includes(item.key) ? html` <span class="chip">just created</span>` : nothing}
        <span class="detail">${item.detail}</span></span>
    </li>`;
  }
}
