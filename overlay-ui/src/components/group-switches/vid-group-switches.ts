import { html, LitElement, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { emit } from '../../shared/events.ts';
import { groupKey, streamGroupsOf, type GroupPolicy } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { groupSwitchesStyles } from './vid-group-switches.styles.ts';

/**
 * One switch per stream group: a real `<input type="checkbox" role="switch">` whose visible
 * label names the group (and, for screen readers, the stream or person in `subject`).
 *
 * Data down: `groups` (all stream groups), `policy` (from `/me`: what a stream group is), `selected`,
 * `subject`, `legend`, `disabled`.
 * Events up: `vid-toggle-group {subject, group, on}`.
 */
export class VidGroupSwitches extends LitElement {
  static override styles = [baseStyles, groupSwitchesStyles];
  static override properties = {
    groups: { attribute: false },
    policy: { attribute: false },
    selected: { attribute: false },
    subject: {},
    legend: {},
    disabled: { type: Boolean, reflect: true },
    hideLegend: { type: Boolean, attribute: 'hide-legend' },
  };

  declare groups: string[];
  declare policy: GroupPolicy | null;
  declare selected: string[];
  declare subject: string;
  declare legend: string;
  declare disabled: boolean;
  /** Keep the legend for screen readers only (e.g. in a table column that already says it). */
  declare hideLegend: boolean;

  constructor() {
    super();
    this.groups = [];
    this.policy = null;
    this.selected = [];
    this.subject = '';
    this.legend = 'Visible to groups';
    this.disabled = false;
    this.hideLegend = false;
  }

  override render() {
    const groups = streamGroupsOf(this.groups, this.policy);
    // On when selected in any case: the directory and a rule may spell a group differently.
    const on = new Set(streamGroupsOf(this.selected, this.policy).map(groupKey));
    const about = this.subject ? html`<span class="sr-only"> for ${this.subject}</span>` : nothing;
    return html`<fieldset>
      <legend class=${this.hideLegend ? 'sr-only' : ''}>${this.legend}${about}</legend>
      ${
        groups.length === 0
          ? html`<p class="muted empty">No stream groups yet.</p>`
          : html`<ul>
            ${repeat(
              groups,
              (g) => g,
              (g) => html`<li>
              <label>
                <input type="checkbox" role="switch" name=${g} .checked=${live(on.has(groupKey(g)))}
                  ?disabled=${this.disabled} @change=${(e: Event) => this.changed(g, e)} />
                <span>${g}${about}</span>
              </label>
            </li>`,
            )}
          </ul>`
      }
    </fieldset>`;
  }

  private changed(group: string, event: Event) {
    const on = (event.target as HTMLInputElement).checked;
    emit(this, 'vid-toggle-group', { subject: this.subject, group, on });
  }
}
