import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ActivityDiffLine, ActivityEntry, ActivityKind, ActivityPage, ActivityQuery, FieldError } from '../../shared/api-types.ts';
import { DraftFilter } from '../../shared/draft-filter.ts';
import { emit } from '../../shared/events.ts';
import { fileSize, localTime, relativeTime } from '../../shared/format.ts';
import { baseStyles } from '../../shared/styles.ts';
import { activityLogStyles } from './vid-activity-log.styles.ts';
import '../activity-diff/define.ts';

export const DEFAULT_ACTIVITY_QUERY: ActivityQuery = { user: '', kind: '', limit: 50, offset: 0 };

export const ACTIVITY_KINDS: Record<ActivityKind, string> = {
  'editor-change': 'Editor change',
  'rule-change': 'Rule change',
  'access-decision': 'Access decision',
  'group-change': 'Group change',
  'mediamtx-settings': 'MediaMTX settings',
  'directory-setup': 'Directory setup',
};

/** An entry's diff as the panel holds it: being fetched, fetched, or refused. */
export type EntryChanges = { state: 'loading' } | { state: 'ready'; diff: ActivityDiffLine[] } | { state: 'failed'; error: string };

/** The filter fields a 400's `field` can point at. */
const FIELD_IDS: Record<string, string> = { user: 'vid-al-user', kind: 'vid-al-kind' };

/**
 * "Activity": who changed what through the editor and the overlay, newest first, with filters by
 * person and kind, paging, a CSV download of the same filters, and a config save's diff on demand.
 *
 * Data down: `page`, `query`, `loading`, `loadError` (a 400 names its `field`), `changes` (the
 * entries whose diff is open), `csvHref`, `now` (what relative times count from; null: the clock).
 * Events up: `vid-activity-query`, `vid-activity-changes`.
 */
export class VidActivityLog extends LitElement {
  static override styles = [baseStyles, activityLogStyles];
  static override properties = {
    page: { attribute: false },
    query: { attribute: false },
    loading: { attribute: false },
    loadError: { attribute: false },
    changes: { attribute: false },
    csvHref: { attribute: false },
    now: { attribute: false },
  };

  declare page: ActivityPage | null;
  declare query: ActivityQuery;
  declare loading: boolean;
  declare loadError: FieldError | null;
  declare changes: Record<string, EntryChanges>;
  declare csvHref: string;
  declare now: number | null;
  private readonly userFilter = new DraftFilter(
    this,
    () => this.query.user,
    (user) => this.send({ ...this.query, user, offset: 0 }),
  );

  constructor() {
    super();
    this.page = null;
    this.query = DEFAULT_ACTIVITY_QUERY;
    this.loading = false;
    this.loadError = null;
    this.changes = {};
    this.csvHref = '';
    this.now = null;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('query')) this.userFilter.follow();
  }

  override render() {
    const page = this.page;
    const error = this.loadError;
    const invalid = (field: string) => (error?.field === field ? 'true' : 'false');
    const describedBy = (field: string) => (error?.field === field ? 'vid-al-error' : nothing);
    return html`<section class="card" aria-labelledby="vid-al-title">
      <h2 id="vid-al-title">Activity</h2>
      <p class="muted">Who changed what through the editor and this console, newest first. Secrets are never shown or kept.</p>
      <div class="toolbar">
        <form role="search" aria-label="Filter activity" @submit=${this.userFilter.submit}>
          <label for=${FIELD_IDS.user!}>Person
            <input id=${FIELD_IDS.user!} type="search" name="user" placeholder="directory name" autocomplete="off"
              .value=${live(this.userFilter.draft)} @input=${this.userFilter.input}
              aria-invalid=${invalid('user')} aria-describedby=${describedBy('user')} />
          </label>
          <label for=${FIELD_IDS.kind!}>Kind
            <select id=${FIELD_IDS.kind!} name="kind" @change=${this.kindChange}
              aria-invalid=${invalid('kind')} aria-describedby=${describedBy('kind')}>
              <option value="" ?selected=${this.query.kind === ''}>All kinds</option>
              ${Object.entries(ACTIVITY_KINDS).map(([kind, label]) => html`<option value=${kind} ?selected=${this.query.kind === kind}>${label}</option>`)}
            </select>
          </label>
          <button type="submit" class="secondary">Filter</button>
        </form>
        <a href=${this.csvHref} download data-csv>Download CSV<span class="sr-only"> of the activity with these filters</span></a>
      </div>
      ${
        error
          ? html`<p id="vid-al-error" class="notice warn" role="alert" data-field=${error.field ?? nothing}>Could not load the activity: ${error.message}</p>`
          : nothing
      }
      <div class="scroll" role="region" aria-label="Activity entries" tabindex="0">
      <table class="log" aria-busy=${this.loading ? 'true' : 'false'}>
        <caption class="sr-only">Recorded changes, newest first</caption>
        <thead><tr>
          <th scope="col">When</th><th scope="col">Who</th><th scope="col">Kind</th><th scope="col">What</th>
          <th scope="col">Outcome</th><th scope="col">Route</th><th scope="col"><span class="sr-only">Changes</span></th>
        </tr></thead>
        <tbody>
          ${
            page && page.entries.length === 0
              ? html`<tr><td colspan="7" class="muted">${this.query.user || this.query.kind ? 'Nothing matches these filters.' : 'Nothing has been recorded yet.'}</td></tr>`
              : nothing
          }
          ${(page?.entries ?? []).map((entry, i) => this.renderEntry(entry, i))}
        </tbody>
      </table>
      </div>
      ${this.renderPager(page)}
    </section>`;
  }

  private renderEntry(entry: ActivityEntry, index: number) {
    const failed = entry.outcome === 'failed';
    const shown = this.changes[entry.id];
    const rowId = `vid-al-changes-${index}`;
    return html`<tr data-entry=${entry.id} data-outcome=${entry.outcome} class=${failed ? 'failed' : ''}>
        <td class="when"><time datetime=${entry.at} title=${localTime(entry.at)}>${relativeTime(entry.at, this.now ?? Date.now())}<span class="sr-only">, ${localTime(entry.at)}</span></time></td>
        <td class="who">${entry.user}<small>${entry.role}</small></td>
        <td>${ACTIVITY_KINDS[entry.kind] ?? entry.kind}</td>
        <td>${entry.summary}${entry.upload ? html` <span class="muted" data-upload>(${entry.upload.name}, ${fileSize(entry.upload.size)})</span>` : nothing}</td>
        <td>${
          failed
            ? html`<span class="outcome failed"><span aria-hidden="true">✕ </span>Failed${entry.status === null ? ' (no answer)' : ` (HTTP ${entry.status})`}</span>`
            : html`<span class="outcome ok">OK</span>`
        }</td>
        <td class="route"><code>${entry.method} ${entry.route}</code></td>
        <td class="actions">${
          entry.hasDiff
            ? html`<button type="button" class="secondary" aria-expanded=${shown ? 'true' : 'false'} aria-controls=${rowId}
                @click=${() => emit(this, 'vid-activity-changes', { id: entry.id, open: !shown })}>
                ${shown ? 'Hide changes' : 'Show changes'}<span class="sr-only"> of ${entry.summary}</span>
              </button>`
            : nothing
        }</td>
      </tr>
      ${entry.hasDiff ? html`<tr class="changes" id=${rowId} ?hidden=${!shown}><td colspan="7">${shown ? this.renderChanges(entry, shown) : nothing}</td></tr>` : nothing}`;
  }

  private renderChanges(entry: ActivityEntry, shown: EntryChanges) {
    if (shown.state === 'loading') return html`<p class="muted" role="status">Loading the changes…</p>`;
    if (shown.state === 'failed') return html`<p class="field-error" role="alert">Could not load the changes: ${shown.error}</p>`;
    return html`<vid-activity-diff .diff=${shown.diff} label=${`What ${entry.user} changed, ${localTime(entry.at)}`}></vid-activity-diff>`;
  }

  private renderPager(page: ActivityPage | null) {
    const offset = page?.offset ?? this.query.offset;
    const limit = page?.limit ?? this.query.limit;
    const shown = page?.entries.length ?? 0;
    const range = page ? (shown ? `${offset + 1}–${offset + shown} of ${page.total}` : `${page.total} in all`) : this.loading ? 'Loading…' : '';
    return html`<nav class="pager" aria-label="Pages of activity">
      <button type="button" class="secondary" ?disabled=${!page || offset <= 0} @click=${() => this.goTo(offset - limit)}>Newer</button>
      <span>${range}</span>
      <button type="button" class="secondary" ?disabled=${!page || offset + shown >= page.total} @click=${() => this.goTo(offset + limit)}>Older</button>
    </nav>`;
  }

  private kindChange(event: Event) {
    const kind = (event.target as HTMLSelectElement).value as ActivityKind | '';
    this.send({ ...this.query, user: this.userFilter.draft.trim(), kind, offset: 0 });
  }

  private goTo(offset: number) {
    this.send({ ...this.query, offset: Math.max(0, offset) });
  }

  private send(query: ActivityQuery) {
    this.userFilter.cancel();
    emit(this, 'vid-activity-query', query);
  }
}
