import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { FieldError, PathInfo, Rule, Via, Viewers } from '../../shared/api-types.ts';
import { emit, type VidEvent } from '../../shared/events.ts';
import { countOf, isPatternSelector, publicGroupOf, sameGroup, streamGroupsOf, type GroupPolicy } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { streamAccessStyles } from './vid-stream-access.styles.ts';
import '../group-switches/define.ts';
import '../rule-form/define.ts';

/** A request to bring one stream into view (from a chip in the Active Streams table). */
export interface FocusRequest {
  path: string;
  n: number;
}

/** Tells the panel a save for this form went through, so it can close it. */
export interface SavedNotice {
  original: string | null;
  n: number;
}

const NEW_RULE = '\u0000new';

/** Error keys shared with the root: where a refused write is shown. */
export const streamKey = (path: string) => `stream:${path}`;
export const ruleKey = (original: string | null) => `rule:${original ?? ''}`;

function viaText(via: Via, rule: string | null) {
  switch (via) {
    case 'exact':
      return html`this stream's own rule`;
    case 'glob':
      return html`pattern rule <code>${rule}</code>`;
    case 'regex':
      return html`regex rule <code>${rule}</code>`;
    default:
      return html`default groups (no rule matches)`;
  }
}

function ruleKind(path: string) {
  return path.startsWith('~') ? 'regex' : path.includes('*') ? 'glob' : 'exact';
}

/**
 * "Stream access": per stream, a switch per stream group, the effective groups and the deciding
 * rule, how many people that is, who they are, and "Private only"; below, the rules (patterns,
 * and exact rules for streams not listed above) with add/edit/remove.
 *
 * Data down: `paths`, `groups`, `policy` (from `/me`: which group "Private only" turns off), `rules`, `version`, `errors` (keyed by streamKey/ruleKey),
 * `conflict`, `viewers`, `status`, `loadError`, `focusRequest`, `saved`.
 * Events up: `vid-stream-group`, `vid-private-only`, `vid-reset-stream`, `vid-show-viewers`,
 * `vid-rule-save`, `vid-rule-delete`, `vid-dismiss-conflict`.
 */
export class VidStreamAccess extends LitElement {
  static override styles = [baseStyles, streamAccessStyles];
  static override properties = {
    paths: { attribute: false },
    groups: { attribute: false },
    policy: { attribute: false },
    rules: { attribute: false },
    version: { attribute: false },
    errors: { attribute: false },
    conflict: { attribute: false },
    viewers: { attribute: false },
    status: { attribute: false },
    loadError: { attribute: false },
    focusRequest: { attribute: false },
    saved: { attribute: false },
    filter: { state: true },
    editing: { state: true },
    armedDelete: { state: true },
    focused: { state: true },
  };

  declare paths: PathInfo[];
  declare groups: string[];
  declare policy: GroupPolicy | null;
  declare rules: Rule[];
  declare version: number | null;
  declare errors: Record<string, FieldError>;
  declare conflict: string | null;
  declare viewers: Viewers | null;
  declare status: string;
  declare loadError: string | null;
  declare focusRequest: FocusRequest | null;
  declare saved: SavedNotice | null;
  declare filter: string;
  /** Open rule forms: the selector being edited, or NEW_RULE. */
  declare editing: ReadonlySet<string>;
  declare armedDelete: string | null;
  declare focused: string | null;

  constructor() {
    super();
    this.paths = [];
    this.groups = [];
    this.policy = null;
    this.rules = [];
    this.version = null;
    this.errors = {};
    this.conflict = null;
    this.viewers = null;
    this.status = '';
    this.loadError = null;
    this.focusRequest = null;
    this.saved = null;
    this.filter = '';
    this.editing = new Set();
    this.armedDelete = null;
    this.focused = null;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('saved') && this.saved) {
      this.closeForm(this.saved.original ?? NEW_RULE);
      // A renamed rule is saved under its new selector; an open form for it would be stale.
    }
    if (changed.has('focusRequest') && this.focusRequest) {
      this.focused = this.focusRequest.path;
      this.filter = '';
    }
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has('focusRequest') && this.focusRequest) {
      const path = this.focusRequest.path;
      const item = [...this.renderRoot.querySelectorAll<HTMLElement>('li[data-path]')].find((li) => li.dataset.path === path);
      item?.scrollIntoView?.({ block: 'center' });
      const switches = item?.querySelector('vid-group-switches');
      void switches?.updateComplete.then(() => switches.shadowRoot?.querySelector<HTMLInputElement>('input')?.focus());
    }
  }

  override render() {
    const groups = streamGroupsOf(this.groups, this.policy);
    const needle = this.filter.trim().toLowerCase();
    // /paths also names rule selectors; patterns are rules, not streams, and are listed below.
    const streams = this.paths.filter((p) => !isPatternSelector(p.path));
    const paths = needle ? streams.filter((p) => p.path.toLowerCase().includes(needle)) : streams;
    const listed = new Set(streams.map((p) => p.path));
    const rules = this.rules.filter((r) => isPatternSelector(r.path) || !listed.has(r.path));
    return html`<section class="card" aria-labelledby="vid-sa-title">
      <h2 id="vid-sa-title">Stream access</h2>
      <p class="muted">Which stream groups can see each stream. Admins see every stream.
        ${this.version !== null ? html`Rules version ${this.version}.` : nothing}</p>
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      ${
        this.conflict
          ? html`<div class="notice warn" role="alert" data-conflict>
            <strong>Someone else changed the stream rules while you were editing.</strong>
            Nothing of yours was saved; below is the current state. ${this.conflict}
            <div class="actions"><button type="button" class="secondary" @click=${this.dismissConflict}>OK</button></div>
          </div>`
          : nothing
      }
      ${this.loadError ? html`<div class="notice warn" role="alert">${this.loadError}</div>` : nothing}
      <div class="toolbar">
        <label>Find a stream
          <input type="search" .value=${this.filter} @input=${(e: Event) => {
            this.filter = (e.target as HTMLInputElement).value;
          }} />
        </label>
      </div>
      <h3>Streams</h3>
      ${paths.length === 0 ? html`<p class="muted">${streams.length ? 'No stream matches.' : 'No streams known yet.'}</p>` : nothing}
      <ul class="paths">
        ${repeat(
          paths,
          (p) => p.path,
          (p) => this.renderPath(p, groups),
        )}
      </ul>
      <h3>Rules</h3>
      <p class="muted">Patterns decide for every stream they match unless the stream has its own rule.
        The most specific pattern wins.</p>
      <ul class="rules">
        ${repeat(
          rules,
          (r) => r.path,
          (r) => this.renderRule(r, groups),
        )}
      </ul>
      ${
        this.editing.has(NEW_RULE)
          ? html`<vid-rule-form .rule=${null} .groups=${groups} .policy=${this.policy} .error=${this.errors[ruleKey(null)] ?? null}
            @vid-rule-cancel=${() => this.closeForm(NEW_RULE)}></vid-rule-form>`
          : html`<button type="button" @click=${() => this.openForm(NEW_RULE)}>Add a rule</button>`
      }
    </section>`;
  }

  private renderPath(p: PathInfo, groups: string[]) {
    const effective = streamGroupsOf(p.access.groups, this.policy);
    const publicGroup = publicGroupOf(this.policy) ?? 'the public group';
    const error = this.errors[streamKey(p.path)];
    const canPrivate = effective.some((g) => sameGroup(g, publicGroup)) && effective.length > 1;
    const showing = this.viewers?.path === p.path ? this.viewers : null;
    const count = p.viewers === null || p.viewers === undefined ? null : countOf(p.viewers);
    const idBase = `vid-path-${p.path.replace(/[^\w-]/g, '_')}`;
    return html`<li data-path=${p.path} class=${this.focused === p.path ? 'focused' : ''}>
      <div class="head">
        <h3>${p.path}</h3>
        ${p.active ? html`<span class="chip">live</span>` : html`<span class="chip muted">idle</span>`}
        ${p.configured ? html`<span class="chip muted">configured</span>` : nothing}
      </div>
      <vid-group-switches .groups=${groups} .policy=${this.policy} .selected=${effective} subject=${p.path}
        @vid-toggle-group=${this.streamToggle}></vid-group-switches>
      ${error ? html`<p class="field-error" role="alert" data-field=${error.field ?? 'form'}>${error.message}</p>` : nothing}
      <dl class="facts">
        <div><dt>Effective groups: </dt><dd>${effective.length ? effective.join(', ') : 'none (admins only)'}</dd></div>
        <div><dt>Decided by: </dt><dd>${viaText(p.access.via, p.access.rule)}</dd></div>
        <div><dt>People who can see it: </dt><dd data-viewers-count>${
          count === null ? 'unknown (the directory cannot be listed)' : `${count} ${count === 1 ? 'user' : 'users'}`
        }</dd></div>
      </dl>
      <div class="actions">
        <button type="button" class="secondary" aria-expanded=${showing ? 'true' : 'false'} aria-controls="${idBase}-viewers"
          @click=${() => emit(this, 'vid-show-viewers', { path: showing ? null : p.path })}>
          Who can see this stream<span class="sr-only"> (${p.path})</span>
        </button>
        <button type="button" ?disabled=${!canPrivate} @click=${() => emit(this, 'vid-private-only', { path: p.path })}
          title=${canPrivate ? `Turn ${publicGroup} off for ${p.path}, keep the other groups` : `${p.path} is not visible to ${publicGroup}, or no other group would be left`}>
          Private only<span class="sr-only"> (${p.path})</span>
        </button>
        ${
          p.access.via === 'exact'
            ? html`<button type="button" class="secondary" @click=${() => emit(this, 'vid-reset-stream', { path: p.path })}>
              Use patterns and defaults again<span class="sr-only"> for ${p.path}</span></button>`
            : nothing
        }
      </div>
      <div id="${idBase}-viewers" ?hidden=${!showing}>
        ${
          showing
            ? showing.users.length
              ? html`<ul class="viewers" aria-label=${`People who can see ${p.path}`}>
                ${showing.users.map((u) => html`<li>${u.name ? html`${u.name} <span class="muted">(${u.username})</span>` : u.username}</li>`)}
              </ul>`
              : html`<p class="muted">Nobody but the admins.</p>`
            : nothing
        }
      </div>
    </li>`;
  }

  private renderRule(r: Rule, groups: string[]) {
    const editing = this.editing.has(r.path);
    const error = this.errors[ruleKey(r.path)];
    const armed = this.armedDelete === r.path;
    return html`<li data-rule=${r.path}>
      <div class="head">
        <h4><code>${r.path}</code></h4>
        <span class="chip">${ruleKind(r.path)}</span>
      </div>
      ${
        editing
          ? html`<vid-rule-form .rule=${r} .groups=${groups} .policy=${this.policy} .error=${error ?? null}
            @vid-rule-cancel=${() => this.closeForm(r.path)}></vid-rule-form>`
          : html`<dl class="facts">
              <div><dt>Visible to: </dt><dd>${streamGroupsOf(r.groups, this.policy).join(', ') || 'no stream group'}</dd></div>
              <div><dt>Last changed: </dt><dd>${r.updatedBy || 'unknown'}, ${r.updatedAt ? new Date(r.updatedAt).toLocaleString() : ''}</dd></div>
            </dl>
            ${error && !editing ? html`<p class="field-error" role="alert">${error.message}</p>` : nothing}
            <div class="actions">
              <button type="button" class="secondary" @click=${() => this.openForm(r.path)}>Edit<span class="sr-only"> rule ${r.path}</span></button>
              <button type="button" class="danger" @click=${() => this.removeRule(r.path)}>
                ${armed ? 'Confirm removal' : 'Remove'}<span class="sr-only"> rule ${r.path}</span></button>
              ${
                armed
                  ? html`<button type="button" class="secondary" @click=${() => {
                      this.armedDelete = null;
                    }}>Keep it</button>`
                  : nothing
              }
            </div>`
      }
    </li>`;
  }

  private streamToggle(event: VidEvent<'vid-toggle-group'>) {
    event.stopPropagation();
    const { subject, group, on } = event.detail;
    emit(this, 'vid-stream-group', { path: subject, group, on });
  }

  private removeRule(path: string) {
    if (this.armedDelete !== path) {
      this.armedDelete = path;
      return;
    }
    this.armedDelete = null;
    emit(this, 'vid-rule-delete', { path });
  }

  private openForm(key: string) {
    this.editing = new Set([...this.editing, key]);
  }

  private closeForm(key: string) {
    if (!this.editing.has(key)) return;
    const next = new Set(this.editing);
    next.delete(key);
    this.editing = next;
  }

  private dismissConflict() {
    emit(this, 'vid-dismiss-conflict', {});
  }
}
