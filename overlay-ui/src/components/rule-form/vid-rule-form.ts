import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import type { FieldError } from '../../shared/api-types.ts';
import { emit, type VidEvent } from '../../shared/events.ts';
import { sameGroup, streamGroupsOf, type GroupPolicy } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { ruleFormStyles } from './vid-rule-form.styles.ts';
import '../group-switches/define.ts';

let formIds = 0;

/**
 * Add or edit one rule: a selector (exact path, glob or `~regex`) and the groups that may see
 * what it matches. The API's 400 `field` comes back in `error` and is shown next to that field.
 *
 * Data down: `rule` (null: a new rule), `groups`, `policy` (from `/me`), `error`, `busy`.
 * Events up: `vid-rule-save {original, path, groups}`, `vid-rule-cancel {original}`.
 */
export class VidRuleForm extends LitElement {
  static override styles = [baseStyles, ruleFormStyles];
  static override properties = {
    rule: { attribute: false },
    groups: { attribute: false },
    policy: { attribute: false },
    error: { attribute: false },
    busy: { type: Boolean },
    draftPath: { state: true },
    draftGroups: { state: true },
    localError: { state: true },
  };

  declare rule: { path: string; groups: string[] } | null;
  declare groups: string[];
  declare policy: GroupPolicy | null;
  declare error: FieldError | null;
  declare busy: boolean;
  declare draftPath: string;
  declare draftGroups: string[];
  declare localError: FieldError | null;
  private readonly uid = `rule-form-${++formIds}`;

  constructor() {
    super();
    this.rule = null;
    this.groups = [];
    this.policy = null;
    this.error = null;
    this.busy = false;
    this.draftPath = '';
    this.draftGroups = [];
    this.localError = null;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('rule') || changed.has('policy')) {
      this.draftPath = this.rule?.path ?? '';
      this.draftGroups = streamGroupsOf(this.rule?.groups, this.policy);
    }
    if (changed.has('error')) this.localError = null;
  }

  override render() {
    const error = this.localError ?? this.error;
    const field = error?.field ?? null;
    const pathError = error && field === 'path' ? error.message : null;
    const groupsError = error && field !== null && field.startsWith('groups') ? error.message : null;
    const otherError = error && !pathError && !groupsError ? error.message : null;
    const id = this.uid;
    const describedBy = `${id}-hint${pathError ? ` ${id}-path-error` : ''}`;
    const title = this.rule ? `Edit rule ${this.rule.path}` : 'New rule';
    return html`<form @submit=${this.submit} novalidate aria-label=${title}>
      <label for="${id}-path">Stream path or pattern</label>
      <input id="${id}-path" name="path" type="text" autocomplete="off" spellcheck="false"
        .value=${live(this.draftPath)} @input=${this.pathInput}
        aria-invalid=${pathError ? 'true' : 'false'} aria-describedby=${describedBy} />
      <p id="${id}-hint" class="hint muted">An exact path (live/drone1), a glob (live/alpha/*, live/**) or a regex (~^ops/).</p>
      ${pathError ? html`<p id="${id}-path-error" class="field-error" data-field="path" role="alert">${pathError}</p>` : nothing}
      <vid-group-switches .groups=${this.groups} .policy=${this.policy} .selected=${this.draftGroups}
        subject=${this.draftPath || 'the new rule'} @vid-toggle-group=${this.toggle}></vid-group-switches>
      ${groupsError ? html`<p class="field-error" data-field="groups" role="alert">${groupsError}</p>` : nothing}
      ${otherError ? html`<p class="field-error" data-field=${field ?? 'form'} role="alert">${otherError}</p>` : nothing}
      <div class="actions">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Save rule'}</button>
        <button type="button" class="secondary" @click=${this.cancel}>Cancel</button>
      </div>
    </form>`;
  }

  private pathInput(event: Event) {
    this.draftPath = (event.target as HTMLInputElement).value;
  }

  private toggle(event: VidEvent<'vid-toggle-group'>) {
    event.stopPropagation();
    const { group, on } = event.detail;
    const rest = this.draftGroups.filter((g) => !sameGroup(g, group));
    this.draftGroups = on ? [...rest, group] : rest;
  }

  private submit(event: Event) {
    event.preventDefault();
    const path = this.draftPath.trim();
    if (path === '') {
      this.localError = { field: 'path', message: 'Name a stream path, a glob (live/*) or a regex (~^live/).' };
      return;
    }
    emit(this, 'vid-rule-save', { original: this.rule?.path ?? null, path, groups: [...this.draftGroups] });
  }

  private cancel() {
    emit(this, 'vid-rule-cancel', { original: this.rule?.path ?? null });
  }
}
