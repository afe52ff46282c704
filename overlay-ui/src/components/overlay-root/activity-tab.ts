import { html } from 'lit';
import type { ActivityPage, ActivityQuery, FieldError } from '../../shared/api-types.ts';
import type { VidEvent } from '../../shared/events.ts';
import { DEFAULT_ACTIVITY_QUERY, type EntryChanges } from '../activity-log/vid-activity-log.ts';
import { fieldErrorOf, message, PanelState } from './panel-state.ts';
import '../activity-log/define.ts';

/**
 * The "Activity" tab: one page of the activity log for the filters chosen, read again each time
 * the tab is opened (it grows on its own), and the diffs of the entries whose changes are open,
 * each fetched once, when first asked for.
 */
export class ActivityTab extends PanelState {
  query: ActivityQuery = DEFAULT_ACTIVITY_QUERY;
  page: ActivityPage | null = null;
  loading = false;
  loadError: FieldError | null = null;
  /** When the page came: its relative times count from then. */
  loadedAt: number | null = null;
  /** The open entries' diffs, by entry id. */
  changes: Record<string, EntryChanges> = {};
  private readonly fetched = new Map<string, EntryChanges>();
  private seq = 0;

  render() {
    return html`<vid-activity-log
      .page=${this.page} .query=${this.query} .loading=${this.loading} .loadError=${this.loadError}
      .changes=${this.changes} .csvHref=${this.host.api.activityCsvUrl(this.query)} .now=${this.loadedAt}
      @vid-activity-query=${this.onQuery}
      @vid-activity-changes=${this.onChanges}
    ></vid-activity-log>`;
  }

  opened() {
    void this.load();
  }

  private async load() {
    const seq = ++this.seq;
    this.loading = true;
    this.changed();
    try {
      const page = await this.host.api.activity(this.query);
      if (seq !== this.seq) return;
      this.page = { ...page, entries: Array.isArray(page.entries) ? page.entries : [] };
      this.loadedAt = Date.now();
      this.loadError = null;
    } catch (error) {
      if (seq !== this.seq) return;
      // The list shown would not be the one the filters ask for.
      this.page = null;
      this.loadError = fieldErrorOf(error);
    } finally {
      if (seq === this.seq) {
        this.loading = false;
        this.changed();
      }
    }
  }

  private readonly onQuery = (event: VidEvent<'vid-activity-query'>) => {
    this.query = { ...event.detail };
    void this.load();
  };

  private readonly onChanges = (event: VidEvent<'vid-activity-changes'>) => {
    const { id, open } = event.detail;
    if (!open) {
      const { [id]: _closed, ...rest } = this.changes;
      this.changes = rest;
      this.changed();
      return;
    }
    const known = this.fetched.get(id);
    if (known) {
      this.changes = { ...this.changes, [id]: known };
      this.changed();
      return;
    }
    void this.fetchChanges(id);
  };

  private async fetchChanges(id: string) {
    this.setChanges(id, { state: 'loading' });
    let result: EntryChanges;
    try {
      const detail = await this.host.api.activityDetail(id);
      result = { state: 'ready', diff: Array.isArray(detail.diff) ? detail.diff : [] };
      this.fetched.set(id, result);
    } catch (error) {
      result = { state: 'failed', error: message(error) };
    }
    // Closed meanwhile: keep it closed (a ready diff is kept for the next time).
    if (this.changes[id]) this.setChanges(id, result);
  }

  private setChanges(id: string, changes: EntryChanges) {
    this.changes = { ...this.changes, [id]: changes };
    this.changed();
  }
}
