import { html, LitElement, nothing, render } from 'lit';
import { OverlayApi } from '../../shared/api.ts';
import type { Me } from '../../shared/api-types.ts';
import type { VidEvent } from '../../shared/events.ts';
import { streamGroupsOf } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { addEditorTab, hasEditorTabs, setTabBadge, type EditorTab } from '../../editor-dom/tabs.ts';
import { addSidebarGroup, hasSidebarGroups, setGroupBadge, type SidebarGroup } from '../../editor-dom/sidebar-group.ts';
import { hideDirectoryManaged } from '../../editor-dom/directory-managed.ts';
import { StreamRows } from '../../editor-dom/stream-rows.ts';
import { AccessTab } from './access-tab.ts';
import { ActivityTab } from './activity-tab.ts';
import { MePoll } from './me-poll.ts';
import type { PanelHost } from './panel-state.ts';
import { UsersTab } from './users-tab.ts';
import { overlayRootStyles } from './vid-overlay-root.styles.ts';
import '../identity-chip/define.ts';
import '../stream-chips/define.ts';

export const ACCESS_TAB = 'vid-stream-access';
export const USERS_TAB = 'vid-stream-users';
export const ACTIVITY_TAB = 'vid-activity';
export const DIRECTORY_GROUP = 'group-vid-directory';
const UNKNOWN_PATH_RELOAD_MS = 5000;

/**
 * The one element that talks to the API. It asks `/me` first; a viewer gets only the identity
 * chip. For an admin it adds a "Directory" group holding the "Stream access", "Stream users" and
 * "Activity" tabs to the editor's sidebar (the group's icon and the latter with a badge counting waiting
 * access requests), renders the panels into their panes,
 * and decorates the Active Streams rows with group chips. Each tab's state and API calls live in
 * its own class (access-tab.ts, users-tab.ts, activity-tab.ts); panels get plain data and report back with events.
 * `/me` is read again while the page is visible (me-poll.ts), so the chip and the badge follow.
 */
export class VidOverlayRoot extends LitElement implements PanelHost {
  static override styles = [baseStyles, overlayRootStyles];
  static override properties = {
    me: { state: true },
    groups: { state: true },
  };

  declare me: Me | null;
  /** The stream groups in the directory, shared by both tabs. */
  declare groups: string[];

  /** The transport; tests may replace it before the element is connected. */
  api = new OverlayApi();
  /** Settles once `/me` has been asked and, for an admin, the first data is in. */
  ready: Promise<void> = Promise.resolve();
  readonly access = new AccessTab(this);
  readonly users = new UsersTab(this);
  readonly activity = new ActivityTab(this);
  readonly poll = new MePoll(this);

  private started = false;
  private tabs: { group: SidebarGroup | null; access: EditorTab; users: EditorTab; activity: EditorTab } | null = null;
  private rows: StreamRows | null = null;
  private lastUnknownReload = 0;
  private readonly onOpenStream = (event: VidEvent<'vid-open-stream'>) => this.openStream(event.detail.path);

  constructor() {
    super();
    this.me = null;
    this.groups = [];
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
    render(this.access.render(), this.tabs.access.pane, { host: this });
    render(this.users.render(), this.tabs.users.pane, { host: this });
    render(this.activity.render(), this.tabs.activity.pane, { host: this });
    const waiting = this.users.requests.mode === 'tak-portal' ? 0 : this.users.requests.pending;
    const what = waiting === 1 ? 'access request waiting' : 'access requests waiting';
    setTabBadge(this.tabs.users, waiting, what);
    if (this.tabs.group) setGroupBadge(this.tabs.group, waiting, what);
    this.rows?.decorate();
  }

  async loadGroups() {
    const { groups } = await this.api.groups();
    this.groups = streamGroupsOf(
      (groups ?? []).map((g) => g.name),
      this.me,
    ).sort();
  }

  directoryChanged() {
    Promise.all([this.loadGroups(), this.access.loadPaths()]).catch(() => undefined);
  }

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
    const directory = me.mode !== 'vanilla';
    if (directory) hideDirectoryManaged(doc);
    this.me = me;
    this.poll.start();
    // Nothing admin is ever created unless the overlay itself says this person is an admin.
    if (me.role !== 'admin') {
      // A viewer's rows: the editor's share-mode badge, labelled as being about links, read-only.
      const rows = new StreamRows(doc, { chips: null, canToggleShareMode: false });
      if (directory && rows.connect()) this.rows = rows;
      return;
    }

    if (hasEditorTabs(doc)) {
      // The editor's sidebar is groups shown as icons until one is opened: ours is one more of them.
      const group = hasSidebarGroups(doc) ? addSidebarGroup(doc, { id: DIRECTORY_GROUP, icon: 'groups', label: 'Directory' }) : null;
      const access = addEditorTab(doc, ACCESS_TAB, 'Stream access', group);
      const users = addEditorTab(doc, USERS_TAB, 'Stream users', group);
      const activity = addEditorTab(doc, ACTIVITY_TAB, 'Activity', group);
      if (access && users && activity) {
        this.tabs = { group, access, users, activity };
        users.button.addEventListener('click', () => this.users.opened());
        activity.button.addEventListener('click', () => this.activity.opened());
      }
    }
    const rows = new StreamRows(doc, {
      chips: {
        accessOf: (path) => this.access.accessOf(path),
        knownPaths: () => this.access.paths.map((p) => p.path),
        onUnknown: () => this.reloadForUnknownPath(),
        policy: () => this.me,
      },
      canToggleShareMode: true,
    });
    if (rows.connect()) {
      this.rows = rows;
      doc.addEventListener('vid-open-stream', this.onOpenStream);
    }
    await this.access.load();
  }

  /** A fresh `/me` (me-poll.ts). Another person, role or mode needs the page the server builds for them. */
  meRead(me: Me) {
    const was = this.me;
    if (!was || JSON.stringify(me) === JSON.stringify(was)) return;
    if (me.username !== was.username || me.role !== was.role || me.mode !== was.mode) {
      this.poll.reloadOnce('who is signed in here changed');
      return;
    }
    const shown = this.users.requests.pending;
    this.me = me;
    this.users.requests.meRead(shown, this.tabs?.users.pane.classList.contains('active') ?? false);
  }

  private reloadForUnknownPath() {
    const now = Date.now();
    if (now - this.lastUnknownReload < UNKNOWN_PATH_RELOAD_MS) return;
    this.lastUnknownReload = now;
    this.access.loadPaths().catch(() => undefined);
  }

  private openStream(path: string) {
    if (!this.tabs) return;
    this.tabs.access.show();
    this.access.focus(path);
  }
}
