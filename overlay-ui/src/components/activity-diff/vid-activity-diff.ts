import { html, LitElement, nothing } from 'lit';
import type { ActivityDiffLine } from '../../shared/api-types.ts';
import { baseStyles } from '../../shared/styles.ts';
import { activityDiffStyles } from './vid-activity-diff.styles.ts';

/** What the server puts where a secret was: the panel shows a marker instead, never a value. */
export const REDACTED = '<redacted>';
const REDACTED_JSON = JSON.stringify(REDACTED);

/**
 * One config save's changed keys as a table: key, before, after. Values are JSON; a secret the
 * server replaced by "<redacted>" (alone or inside an object or list) is shown as a "redacted"
 * marker. A key that was added or removed has no value on one side: "not set".
 *
 * Data down: `diff`, `label` (the table's caption).
 */
export class VidActivityDiff extends LitElement {
  static override styles = [baseStyles, activityDiffStyles];
  static override properties = {
    diff: { attribute: false },
    label: {},
  };

  declare diff: ActivityDiffLine[];
  declare label: string;

  constructor() {
    super();
    this.diff = [];
    this.label = 'Changed settings';
  }

  override render() {
    if (this.diff.length === 0) return html`<p class="muted">No setting changed.</p>`;
    return html`<table>
      <caption>${this.label}</caption>
      <thead><tr><th scope="col">Setting</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
      <tbody>
        ${this.diff.map(
          (line) => html`<tr data-key=${line.key}>
            <th scope="row"><code>${line.key}</code></th>
            <td>${value(line.before)}</td>
            <td>${value(line.after)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

const marker = html`<span class="redacted" data-redacted title="A secret: the overlay never keeps its value">redacted</span>`;

function value(v: unknown) {
  if (v === undefined) return html`<span class="unset">not set</span>`;
  if (v === REDACTED) return marker;
  const json = JSON.stringify(v) ?? String(v);
  const parts = json.split(REDACTED_JSON);
  // Inside an object or list, each redacted secret becomes the marker too.
  return html`<code>${parts.map((part, i) => html`${i > 0 ? marker : nothing}${part}`)}</code>`;
}
