import { html, LitElement, nothing } from 'lit';
import type { Me } from '../../shared/api-types.ts';
import { safeHref, streamGroupsOf } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { identityChipStyles } from './vid-identity-chip.styles.ts';

/** Groups shown as chips; the rest are summed up as "+N" (named for screen readers and on hover). */
const SHOWN_GROUPS = 3;

/**
 * Who is signed in, in the editor's header where it names its own user: the directory person's
 * name, role and stream groups, "Change password" where the directory has a page for it
 * (`me.passwordUrl`), and the one Sign out (`me.logoutUrl`, which ends the directory session).
 * Data down: `me`. No events.
 */
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
    const groups = streamGroupsOf(me.groups, me);
    const shown = groups.slice(0, SHOWN_GROUPS);
    const rest = groups.slice(SHOWN_GROUPS);
    const logout = safeHref(me.logoutUrl) ?? '/logout';
    const password = safeHref(me.passwordUrl);
    return html`<div class="who" role="group" aria-label="Signed in">
      <span class="name" title=${me.username}>${me.name || me.username}</span>
      <span class="chip role">${me.role === 'admin' ? 'admin' : 'viewer'}</span>
      ${
        groups.length
          ? html`<ul class="groups" aria-label="Your stream groups">
            ${shown.map((g) => html`<li class="chip">${g}</li>`)}
            ${
              rest.length
                ? html`<li class="chip more" title=${rest.join(', ')}><span aria-hidden="true">+${rest.length}</span><span class="sr-only"> and ${rest.join(', ')}</span></li>`
                : nothing
            }
          </ul>`
          : nothing
      }
      ${password ? html`<a class="password" href=${password}>Change password</a>` : nothing}
      <a class="sign-out" href=${logout}>Sign out</a>
    </div>`;
  }
}
