import { html, LitElement, nothing } from 'lit';
import type { Me } from '../../shared/api-types.ts';
import { safeHref, streamGroupsOf } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { identityChipStyles } from './vid-identity-chip.styles.ts';

/** Who is signed in, their stream groups, and sign out. Data down: `me`. No events. */
export class VidIdentityChip extends LitElement {
  static override styles = [baseStyles, identityChipStyles];
  static override properties = { me: { attribute: false } };

  declare me: Me | null;

  constructor() {
    super();
    this.me = null;
  }

  override render() {
    const me = this.me;
    if (!me) return nothing;
    const groups = streamGroupsOf(me.groups);
    const logout = safeHref(me.logoutUrl) ?? '/logout';
    return html`<div class="who" role="group" aria-label="Signed in">
      <span class="name" title=${me.username}>${me.name || me.username}</span>
      ${me.role === 'admin' ? html`<span class="chip">admin</span>` : nothing}
      ${groups.length
        ? html`<ul class="groups" aria-label="Your stream groups">${groups.map((g) => html`<li class="chip">${g}</li>`)}</ul>`
        : nothing}
      <a href=${logout}>Sign out</a>
    </div>`;
  }
}
