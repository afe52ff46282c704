import { html } from 'lit';
import { ApiError } from '../../shared/api.ts';
import type { FieldError, PathInfo, Rule, RuleSet, Viewers } from '../../shared/api-types.ts';
import type { VidEvent } from '../../shared/events.ts';
import { isStreamGroup, publicGroupOf, sameGroup, streamGroupsOf } from '../../shared/groups.ts';
import { ruleKey, streamKey, type FocusRequest, type SavedNotice } from '../stream-access/vid-stream-access.ts';
import { fieldErrorOf, message, PanelState, withError } from './panel-state.ts';
import '../stream-access/define.ts';

/**
 * The "Stream access" tab's state: paths, rules and their version, and the rule writes — one
 * at a time, each with the version the one before it produced, sent with `If-Match`.
 */
export class AccessTab extends PanelState {
  paths: PathInfo[] = [];
  rules: Rule[] = [];
  version: number | null = null;
  errors: Record<string, FieldError> = {};
  conflict: string | null = null;
  viewers: Viewers | null = null;
  status = '';
  loadError: string | null = null;
  focusRequest: FocusRequest | null = null;
  saved: SavedNotice | null = null;
  private writes: Promise<unknown> = Promise.resolve();
  private counter = 0;

  render() {
    return html`<vid-stream-access
      .paths=${this.paths} .groups=${this.host.groups} .policy=${this.host.me} .rules=${this.rules} .version=${this.version}
      .errors=${this.errors} .conflict=${this.conflict} .viewers=${this.viewers}
      .status=${this.status} .loadError=${this.loadError}
      .focusRequest=${this.focusRequest} .saved=${this.saved}
      @vid-stream-group=${this.onStreamGroup}
      @vid-private-only=${this.onPrivateOnly}
      @vid-reset-stream=${this.onResetStream}
      @vid-show-viewers=${this.onShowViewers}
      @vid-rule-save=${this.onRuleSave}
      @vid-rule-delete=${this.onRuleDelete}
      @vid-rule-cancel=${this.onRuleCancel}
      @vid-dismiss-conflict=${this.onDismissConflict}
    ></vid-stream-access>`;
  }

  async load() {
    try {
      await Promise.all([this.host.loadGroups(), this.loadRules(), this.loadPaths()]);
      this.loadError = null;
    } catch (error) {
      this.loadError = `Could not load the stream access data: ${message(error)}`;
    }
    this.changed();
  }

  async loadPaths() {
    const { paths } = await this.host.api.paths();
    this.paths = (paths ?? []).map((p) => ({ ...p, access: { ...p.access, groups: streamGroupsOf(p.access?.groups, this.host.me) } }));
    this.changed();
  }

  accessOf(path: string) {
    return this.paths.find((p) => p.path === path)?.access;
  }

  /** Bring one stream's switches into view (a chip in the Active Streams table asked). */
  focus(path: string) {
    this.focusRequest = { path, n: ++this.counter };
    this.changed();
  }

  private async loadRules() {
    this.applyRuleSet(await this.host.api.rules());
  }

  private applyRuleSet(set: RuleSet) {
    this.rules = (set.rules ?? []).map((r) => ({ ...r, groups: streamGroupsOf(r.groups, this.host.me) }));
    this.version = set.version;
    this.changed();
  }

  private effectiveGroups(path: string): string[] {
    return streamGroupsOf(this.accessOf(path)?.groups, this.host.me);
  }

  private readonly onStreamGroup = (event: VidEvent<'vid-stream-group'>) => {
    const { path, group, on } = event.detail;
    if (!isStreamGroup(group, this.host.me)) return;
    void this.queue(() => {
      const rest = this.effectiveGroups(path).filter((g) => !sameGroup(g, group));
      return this.putStreamGroups(path, on ? [...rest, group] : rest);
    });
  };

  private readonly onPrivateOnly = (event: VidEvent<'vid-private-only'>) => {
    const { path } = event.detail;
    const publicGroup = publicGroupOf(this.host.me);
    if (publicGroup === null) return;
    void this.queue(() =>
      this.putStreamGroups(
        path,
        this.effectiveGroups(path).filter((g) => !sameGroup(g, publicGroup)),
      ),
    );
  };

  /**
   * Saves a stream's groups as its exact rule. While the write is out the stream shows the groups
   * just chosen: re-rendering it from the old data (the "Saving…" status does) would flip the
   * switch back until the reload. A refused write puts the last known state back.
   */
  private async putStreamGroups(path: string, groups: string[]) {
    const before = this.paths;
    const pending = before.map((p) => (p.path === path ? { ...p, access: { ...p.access, groups } } : p));
    this.paths = pending;
    const saved = await this.putRule(streamKey(path), null, { path, groups });
    if (!saved && this.paths === pending) this.paths = before;
    this.changed();
  }

  private readonly onResetStream = (event: VidEvent<'vid-reset-stream'>) => {
    const { path } = event.detail;
    void this.queue(() => this.deleteRule(streamKey(path), path));
  };

  private readonly onRuleSave = (event: VidEvent<'vid-rule-save'>) => {
    const { original, path, groups } = event.detail;
    void this.queue(() => this.putRule(ruleKey(original), original, { path, groups: streamGroupsOf(groups, this.host.me) }));
  };

  private readonly onRuleDelete = (event: VidEvent<'vid-rule-delete'>) => {
    const { path } = event.detail;
    void this.queue(() => this.deleteRule(ruleKey(path), path));
  };

  private readonly onRuleCancel = (event: VidEvent<'vid-rule-cancel'>) => {
    this.setError(ruleKey(event.detail.original), null);
  };

  private readonly onDismissConflict = () => {
    this.conflict = null;
    this.changed();
  };

  private readonly onShowViewers = async (event: VidEvent<'vid-show-viewers'>) => {
    const { path } = event.detail;
    if (path === null) {
      this.viewers = null;
      this.changed();
      return;
    }
    try {
      const viewers = await this.host.api.viewers(path);
      this.viewers = { path, users: Array.isArray(viewers?.users) ? viewers.users : [] };
      this.setError(streamKey(path), null);
    } catch (error) {
      this.setError(streamKey(path), { field: null, message: `Could not list who can see ${path}: ${message(error)}` });
    }
  };

  /** Rule writes run one after another, each with the version the one before it produced. */
  private queue(write: () => Promise<unknown>): Promise<unknown> {
    const run = this.writes.then(write, write);
    this.writes = run.catch(() => undefined);
    return run;
  }

  private setStatus(status: string) {
    this.status = status;
    this.changed();
  }

  /** Whether the rule was saved. */
  private async putRule(key: string, original: string | null, rule: { path: string; groups: string[] }): Promise<boolean> {
    this.setStatus(`Saving ${rule.path}…`);
    try {
      if (this.version === null) await this.loadRules();
      const put = await this.host.api.putRule(rule, this.version ?? 0);
      this.version = put.version;
      if (original !== null && original !== rule.path) {
        const removed = await this.host.api.deleteRule(original, put.version);
        this.version = removed.version;
      }
      this.wrote(key, original, `Saved: ${rule.path} is visible to ${rule.groups.join(', ') || 'no group'}.`);
      await this.refreshAfterWrite();
      return true;
    } catch (error) {
      await this.writeFailed(key, error);
      return false;
    }
  }

  private async deleteRule(key: string, path: string) {
    this.setStatus(`Removing the rule for ${path}…`);
    try {
      if (this.version === null) await this.loadRules();
      const removed = await this.host.api.deleteRule(path, this.version ?? 0);
      this.version = removed.version;
      this.wrote(key, path, `Removed the rule for ${path}.`);
      await this.refreshAfterWrite();
    } catch (error) {
      await this.writeFailed(key, error);
    }
  }

  private wrote(key: string, original: string | null, status: string) {
    this.errors = withError(this.errors, key, null);
    this.saved = { original, n: ++this.counter };
    this.setStatus(status);
  }

  private async refreshAfterWrite() {
    try {
      await Promise.all([this.loadRules(), this.loadPaths()]);
    } catch (error) {
      this.loadError = `Saved, but reloading failed: ${message(error)}`;
      this.changed();
    }
  }

  private async writeFailed(key: string, error: unknown) {
    if (error instanceof ApiError && error.status === 412) {
      // Someone else wrote first: take their state, say so, and save nothing on top of it.
      const current = error.body.current;
      if (current) this.applyRuleSet(current);
      this.conflict = current ? `The rules are now at version ${current.version}.` : error.message;
      this.setStatus('Not saved: the rules changed meanwhile.');
      try {
        await Promise.all([current ? Promise.resolve() : this.loadRules(), this.loadPaths()]);
      } catch (reload) {
        this.loadError = `Could not reload the current state: ${message(reload)}`;
        this.changed();
      }
      return;
    }
    this.status = 'Not saved.';
    this.setError(key, fieldErrorOf(error));
  }

  private setError(key: string, error: FieldError | null) {
    this.errors = withError(this.errors, key, error);
    this.changed();
  }
}
