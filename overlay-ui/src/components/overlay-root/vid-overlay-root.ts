import { html, LitElement, nothing, render } from 'lit';
import { ApiError, OverlayApi } from '../../shared/api.ts';
import type {
  FieldError, Me, PathInfo, Rule, RuleSet, UserAccess, UsersPage, UsersQuery, Viewers,
} from '../../shared/api-types.ts';
import type { VidEvent } from '../../shared/events.ts';
import { GROUP_PREFIX, isStreamGroup, PUBLIC_GROUP, streamGroupsOf } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { addEditorTab, hasEditorTabs, type EditorTab } from '../../editor-dom/tabs.ts';
import { hideDirectoryManaged } from '../../editor-dom/directory-managed.ts';
import { StreamRows } from '../../editor-dom/stream-rows.ts';
import { ruleKey, streamKey, type FocusRequest, type SavedNotice } from '../stream-access/vid-stream-access.ts';
import { DEFAULT_USERS_QUERY } from '../stream-users/vid-stream-users.ts';
import { overlayRootStyles } from './vid-overlay-root.styles.ts';
import '../identity-chip/define.ts';
import '../stream-access/define.ts';
import '../stream-chips/define.ts';
import '../stream-users/define.ts';

export const ACCESS_TAB = 'vid-stream-access';
export const USERS_TAB = 'vid-stream-users';
const UNKNOWN_PATH_RELOAD_MS = 5000;

function message(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'The overlay could not be reached. Check the connection and try again.';
}

/**
 * The one element that talks to the API. It asks `/me` first; a viewer gets only the identity
 * chip. For an admin it adds the "Stream access" and "Stream users" tabs to the editor's sidebar,
 * renders the panels into their panes, and decorates the Active Streams rows with group chips.
 * Every panel gets plain data and reports back with events; writes go through here, one at a
 * time, each with the rules version it was based on.
 */
export class VidOverlayRoot extends LitElement {
  static override styles = [baseStyles, overlayRootStyles];
  static override properties = {
    me: { state: true },
    paths: { state: true },
    groups: { state: true },
    rules: { state: true },
    version: { state: true },
    accessErrors: { state: true },
    conflict: { state: true },
    viewers: { state: true },
    accessStatus: { state: true },
    accessLoadError: { state: true },
    focusRequest: { state: true },
    saved: { state: true },
    usersQuery: { state: true },
    usersPage: { state: true },
    usersLoading: { state: true },
    usersError: { state: true },
    usersStatus: { state: true },
    userAccess: { state: true },
    groupError: { state: true },
    groupCreated: { state: true },
    memberErrors: { state: true },
  };

  declare me: Me | null;
  declare paths: PathInfo[];
  declare groups: string[];
  declare rules: Rule[];
  declare version: number | null;
  declare accessErrors: Record<string, FieldError>;
  declare conflict: string | null;
  declare viewers: Viewers | null;
  declare accessStatus: string;
  declare accessLoadError: string | null;
  declare focusRequest: FocusRequest | null;
  declare saved: SavedNotice | null;
  declare usersQuery: UsersQuery;
  declare usersPage: UsersPage | null;
  declare usersLoading: boolean;
  declare usersError: string | null;
  declare usersStatus: string;
  declare userAccess: UserAccess | null;
  declare groupError: FieldError | null;
  declare groupCreated: { name: string; n: number } | null;
  declare memberErrors: Record<string, string>;

  /** The transport; tests may replace it before the element is connected. */
  api = new OverlayApi();
  /** Settles once `/me` has been asked and, for an admin, the first data is in. */
  ready: Promise<void> = Promise.resolve();

  private started = false;
  private tabs: { access: EditorTab; users: EditorTab } | null = null;
  private rows: StreamRows | null = null;
  private writes: Promise<unknown> = Promise.resolve();
  private usersSeq = 0;
  private counter = 0;
  private lastUnknownReload = 0;
  private readonly onOpenStream = (event: VidEvent<'vid-open-stream'>) => this.openStream(event.detail.path);

  constructor() {
    super();
    this.me = null;
    this.paths = [];
    this.groups = [];
    this.rules = [];
    this.version = null;
    this.accessErrors = {};
    this.conflict = null;
    this.viewers = null;
    this.accessStatus = '';
    this.accessLoadError = null;
    this.focusRequest = null;
    this.saved = null;
    this.usersQuery = DEFAULT_USERS_QUERY;
    this.usersPage = null;
    this.usersLoading = false;
    this.usersError = null;
    this.usersStatus = '';
    this.userAccess = null;
    this.groupError = null;
    this.groupCreated = null;
    this.memberErrors = {};
  }

  override connectedCallback() {
    super.connectedCallback();
    if (!this.started) {
      this.started = true;
      this.ready = this.start();
    }
    if (this.rows) this.ownerDocument.addEventListener('vid-open-stream', this.onOpenStream);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('vid-open-stream', this.onOpenStream);
  }

  override render() {
    return this.me ? html`<vid-identity-chip .me=${this.me}></vid-identity-chip>` : nothing;
  }

  protected override updated() {
    if (!this.tabs) return;
    render(this.accessPanel(), this.tabs.access.pane, { host: this });
    render(this.usersPanel(), this.tabs.users.pane, { host: this });
    this.rows?.decorate();
  }

  // ---- start ---------------------------------------------------------------------------------

  private async start(): Promise<void> {
    let me: Me;
    try {
      me = await this.api.me();
    } catch {
      return; // Not signed in through the overlay (or a vanilla editor): show nothing.
    }
    if (!me || typeof me !== 'object') return;
    const doc = this.ownerDocument;
    // /me exists only when a directory drives access (its `mode` names the identity source:
    // forward-auth or ldap-login); only an explicit vanilla mode keeps the editor's own people tabs.
    if (me.mode !== 'vanilla') hideDirectoryManaged(doc);
    this.me = me;
    // Nothing admin is ever created unless the overlay itself says this person is an admin.
    if (me.role !== 'admin') return;

    if (hasEditorTabs(doc)) {
      const access = addEditorTab(doc, ACCESS_TAB, 'Stream access');
      const users = addEditorTab(doc, USERS_TAB, 'Stream users');
      if (access && users) {
        this.tabs = { access, users };
        users.button.addEventListener('click', () => {
          if (!this.usersPage && !this.usersLoading) void this.loadUsers();
        });
      }
    }
    const rows = new StreamRows(doc, {
      accessOf: (path) => this.paths.find((p) => p.path === path)?.access,
      knownPaths: () => this.paths.map((p) => p.path),
      onUnknown: () => this.reloadForUnknownPath(),
    });
    if (rows.connect()) {
      this.rows = rows;
      doc.addEventListener('vid-open-stream', this.onOpenStream);
    }
    await this.loadAccessData();
  }

  private async loadAccessData() {
    try {
      await Promise.all([this.loadGroups(), this.loadRules(), this.loadPaths()]);
      this.accessLoadError = null;
    } catch (error) {
      this.accessLoadError = `Could not load the stream access data: ${message(error)}`;
    }
  }

  private async loadGroups() {
    const { groups } = await this.api.groups();
    this.groups = streamGroupsOf((groups ?? []).map((g) => g.name)).sort();
  }

  private async loadRules() {
    this.applyRuleSet(await this.api.rules());
  }

  private applyRuleSet(set: RuleSet) {
    this.rules = (set.rules ?? []).map((r) => ({ ...r, groups: streamGroupsOf(r.groups) }));
    this.version = set.version;
  }

  private async loadPaths() {
    const { paths } = await this.api.paths();
    this.paths = (paths ?? []).map((p) => ({
      ...p,
      access: { ...p.access, groups: streamGroupsOf(p.access?.groups) },
    }));
  }

  private reloadForUnknownPath() {
    const now = Date.now();
    if (now - this.lastUnknownReload < UNKNOWN_PATH_RELOAD_MS) return;
    this.lastUnknownReload = now;
    this.loadPaths().catch(() => undefined);
  }

  // ---- Stream access -------------------------------------------------------------------------

  private accessPanel() {
    return html`<vid-stream-access
      .paths=${this.paths} .groups=${this.groups} .rules=${this.rules} .version=${this.version}
      .errors=${this.accessErrors} .conflict=${this.conflict} .viewers=${this.viewers}
      .status=${this.accessStatus} .loadError=${this.accessLoadError}
      .focusRequest=${this.focusRequest} .saved=${this.saved}
      @vid-stream-group=${this.onStreamGroup}
      @vid-private-only=${this.onPrivateOnly}
      @vid-reset-stream=${this.onResetStream}
      @vid-show-viewers=${this.onShowViewers}
      @vid-rule-save=${this.onRuleSave}
      @vid-rule-delete=${this.onRuleDelete}
      @vid-rule-cancel=${this.onRuleCancel}
      @vid-dismiss-conflict=${() => { this.conflict = null; }}
    ></vid-stream-access>`;
  }

  private openStream(path: string) {
    if (!this.tabs) return;
    this.tabs.access.show();
    this.focusRequest = { path, n: ++this.counter };
  }

  private effectiveGroups(path: string): string[] {
    return streamGroupsOf(this.paths.find((p) => p.path === path)?.access.groups);
  }

  private onStreamGroup(event: VidEvent<'vid-stream-group'>) {
    const { path, group, on } = event.detail;
    if (!isStreamGroup(group)) return;
    void this.queue(() => {
      const rest = this.effectiveGroups(path).filter((g) => g !== group);
      return this.putStreamGroups(path, on ? [...rest, group] : rest);
    });
  }

  private onPrivateOnly(event: VidEvent<'vid-private-only'>) {
    const { path } = event.detail;
    void this.queue(() => this.putStreamGroups(path, this.effectiveGroups(path).filter((g) => g !== PUBLIC_GROUP)));
  }

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
  }

  private onResetStream(event: VidEvent<'vid-reset-stream'>) {
    const { path } = event.detail;
    void this.queue(() => this.deleteRule(streamKey(path), path));
  }

  private onRuleSave(event: VidEvent<'vid-rule-save'>) {
    const { original, path, groups } = event.detail;
    void this.queue(() => this.putRule(ruleKey(original), original, { path, groups: streamGroupsOf(groups) }));
  }

  private onRuleDelete(event: VidEvent<'vid-rule-delete'>) {
    const { path } = event.detail;
    void this.queue(() => this.deleteRule(ruleKey(path), path));
  }

  private onRuleCancel(event: VidEvent<'vid-rule-cancel'>) {
    this.setAccessError(ruleKey(event.detail.original), null);
  }

  private async onShowViewers(event: VidEvent<'vid-show-viewers'>) {
    const { path } = event.detail;
    if (path === null) {
      this.viewers = null;
      return;
    }
    try {
      const viewers = await this.api.viewers(path);
      this.viewers = { path, users: Array.isArray(viewers?.users) ? viewers.users : [] };
      this.setAccessError(streamKey(path), null);
    } catch (error) {
      this.setAccessError(streamKey(path), { field: null, message: `Could not list who can see ${path}: ${message(error)}` });
    }
  }

  /** Rule writes run one after another, each with the version the one before it produced. */
  private queue(write: () => Promise<unknown>): Promise<unknown> {
    const run = this.writes.then(write, write);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Whether the rule was saved. */
  private async putRule(key: string, original: string | null, rule: { path: string; groups: string[] }): Promise<boolean> {
    this.accessStatus = `Saving ${rule.path}…`;
    try {
      if (this.version === null) await this.loadRules();
      const put = await this.api.putRule(rule, this.version ?? 0);
      this.version = put.version;
      if (original !== null && original !== rule.path) {
        const removed = await this.api.deleteRule(original, put.version);
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
    this.accessStatus = `Removing the rule for ${path}…`;
    try {
      if (this.version === null) await this.loadRules();
      const removed = await this.api.deleteRule(path, this.version ?? 0);
      this.version = removed.version;
      this.wrote(key, path, `Removed the rule for ${path}.`);
      await this.refreshAfterWrite();
    } catch (error) {
      await this.writeFailed(key, error);
    }
  }

  private wrote(key: string, original: string | null, status: string) {
    this.setAccessError(key, null);
    this.saved = { original, n: ++this.counter };
    this.accessStatus = status;
  }

  private async refreshAfterWrite() {
    try {
      await Promise.all([this.loadRules(), this.loadPaths()]);
    } catch (error) {
      this.accessLoadError = `Saved, but reloading failed: ${message(error)}`;
    }
  }

  private async writeFailed(key: string, error: unknown) {
    if (error instanceof ApiError && error.status === 412) {
      // Someone else wrote first: take their state, say so, and save nothing on top of it.
      const current = error.body.current;
      if (current) this.applyRuleSet(current);
      this.conflict = current ? `The rules are now at version ${current.version}.` : error.message;
      this.accessStatus = 'Not saved: the rules changed meanwhile.';
      try {
        await Promise.all([current ? Promise.resolve() : this.loadRules(), this.loadPaths()]);
      } catch (reload) {
        this.accessLoadError = `Could not reload the current state: ${message(reload)}`;
      }
      return;
    }
    this.accessStatus = 'Not saved.';
    this.setAccessError(key, error instanceof ApiError ? error.fieldError : { field: null, message: message(error) });
  }

  private setAccessError(key: string, error: FieldError | null) {
    const next = { ...this.accessErrors };
    if (error) next[key] = error;
    else delete next[key];
    this.accessErrors = next;
  }

  // ---- Stream users --------------------------------------------------------------------------

  private usersPanel() {
    const me = this.me;
    return html`<vid-stream-users
      .page=${this.usersPage} .query=${this.usersQuery} .groups=${this.groups}
      .directoryWrite=${me?.directoryWrite ?? null} .takPortalUrl=${me?.takPortalUrl ?? null}
      .access=${this.userAccess} .groupError=${this.groupError} .memberErrors=${this.memberErrors}
      .loadError=${this.usersError} .loading=${this.usersLoading} .status=${this.usersStatus}
      .groupCreated=${this.groupCreated}
      @vid-users-query=${this.onUsersQuery}
      @vid-member-group=${this.onMemberGroup}
      @vid-create-group=${this.onCreateGroup}
      @vid-user-access=${this.onUserAccess}
    ></vid-stream-users>`;
  }

  private async loadUsers() {
    const seq = ++this.usersSeq;
    this.usersLoading = true;
    try {
      const page = await this.api.users(this.usersQuery);
      if (seq !== this.usersSeq) return;
      this.usersPage = {
        ...page,
        users: (page.users ?? []).map((u) => ({ ...u, groups: streamGroupsOf(u.groups) })),
      };
      this.usersError = null;
    } catch (error) {
      if (seq === this.usersSeq) this.usersError = `Could not load people: ${message(error)}`;
    } finally {
      if (seq === this.usersSeq) this.usersLoading = false;
    }
  }

  private onUsersQuery(event: VidEvent<'vid-users-query'>) {
    this.usersQuery = { ...event.detail };
    void this.loadUsers();
  }

  private async onMemberGroup(event: VidEvent<'vid-member-group'>) {
    const { username, group, on } = event.detail;
    if (!this.me?.directoryWrite || !isStreamGroup(group)) return;
    // The switch keeps the state just chosen while the directory write is out; re-rendering from
    // the old page (the status line does) would flip it back until the answer came.
    const before = this.usersPage;
    const pending = before && {
      ...before,
      users: before.users.map((u) => (u.username === username
        ? { ...u, groups: [...u.groups.filter((g) => g !== group), ...(on ? [group] : [])] }
        : u)),
    };
    this.usersPage = pending;
    this.usersStatus = `${on ? 'Adding' : 'Removing'} ${username} ${on ? 'to' : 'from'} ${group}…`;
    const errors = { ...this.memberErrors };
    delete errors[username];
    try {
      const user = await this.api.setMembership(username, group, on);
      this.memberErrors = errors;
      if (this.usersPage && user && typeof user === 'object') {
        const updated = { ...user, groups: streamGroupsOf(user.groups) };
        this.usersPage = { ...this.usersPage, users: this.usersPage.users.map((u) => (u.username === username ? updated : u)) };
      }
      this.usersStatus = `${username} ${on ? 'is now in' : 'is no longer in'} ${group}.`;
      if (this.userAccess?.user === username) void this.showAccess(username);
      // Member counts and who-sees-what changed too.
      Promise.all([this.loadGroups(), this.loadPaths()]).catch(() => undefined);
    } catch (error) {
      this.memberErrors = { ...errors, [username]: `Could not change ${group} for ${username}: ${message(error)}` };
      this.usersStatus = 'Not saved.';
      // Put the switches back as they were (a new object, so they re-render), unless a reload came meanwhile.
      const current = this.usersPage === pending ? before : this.usersPage;
      this.usersPage = current ? { ...current } : null;
    }
  }

  private async onCreateGroup(event: VidEvent<'vid-create-group'>) {
    const { name } = event.detail;
    if (!isStreamGroup(name)) {
      this.groupError = { field: 'name', message: `Stream groups start with ${GROUP_PREFIX}.` };
      return;
    }
    try {
      await this.api.createGroup(name);
      this.groupError = null;
      this.groupCreated = { name, n: ++this.counter };
      this.usersStatus = `Created ${name}.`;
      await this.loadGroups();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        this.groupError = { field: 'name', message: error.body.error ?? `${name} already exists.` };
      } else {
        this.groupError = error instanceof ApiError ? { field: error.body.field ?? 'name', message: error.message } : { field: 'name', message: message(error) };
      }
    }
  }

  private onUserAccess(event: VidEvent<'vid-user-access'>) {
    const { username } = event.detail;
    if (username === null) this.userAccess = null;
    else void this.showAccess(username);
  }

  private async showAccess(username: string) {
    try {
      const access = await this.api.access(username);
      this.userAccess = { ...access, user: access.user ?? username, paths: access.paths ?? [], groups: streamGroupsOf(access.groups) };
    } catch (error) {
      this.memberErrors = { ...this.memberErrors, [username]: `Could not look up what ${username} can see: ${message(error)}` };
    }
  }
}
