import { html, LitElement, nothing } from 'lit';
import type { PathAccess } from '../../shared/api-types.ts';
import { emit } from '../../shared/events.ts';
import { streamGroupsOf, type GroupPolicy } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { streamChipsStyles } from './vid-stream-chips.styles.ts';

/**
 * The groups that can see one stream, as chips in its Active Streams row (admins only).
 * Data down: `path`, `access`, `policy` (from `/me`). Events up: `vid-open-stream {path}` when a chip is clicked.
 */
export class VidStreamChips extends LitElement {
  static override styles = [baseStyles, streamChipsStyles];
  static override properties = {
    path: {},
    access: { attribute: false },
    policy: { attribute: false },
  };

  declare path: string;
  declare access: PathAccess | null;
  declare policy: GroupPolicy | null;

  constructor() {
    super();
    this.path = '';
    this.access = null;
    this.policy = null;
  }

  override render() {
    if (!this.access || !this.path) return nothing;
    const groups = streamGroupsOf(this.access.groups, this.policy);
    const hint = html`<span class="sr-only">: change who can see ${this.path}</span>`;
    return html`<span class="chips" role="group" aria-label=${`Groups that can see ${this.path}`}>
      ${
        groups.length === 0
          ? html`<button type="button" class="chip none" @click=${this.open}>admins only${hint}</button>`
          : groups.map((g) => html`<button type="button" class="chip" @click=${this.open}>${g}${hint}</button>`)
      }
    </span>`;
  }

  private open() {
    emit(this, 'vid-open-stream', { path: this.path });
  }
}
