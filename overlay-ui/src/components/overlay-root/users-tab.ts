import { html } from 'lit';
import { ApiError } from '../../shared/api.ts';
import type { FieldError, UserAccess, UsersPage, UsersQuery } from '../../shared/api-types.ts';
import type { VidEvent } from '../../shared/events.ts';
import { isAdminGroup, isStreamGroup, sameGroup, streamGroupsOf } from '../../shared/groups.ts';
import { DEFAULT_USERS_QUERY } from '../stream-users/vid-stream-users.ts';
import { message, PanelState, type PanelHost } from './panel-state.ts';
import { RecoveryState } from './recovery-state.ts';
import { RequestsState } from './requests-state.ts';
import '../stream-users/define.ts';

/**
 * The "Stream users" tab: access requests waiting for an admin on top, then the people in the
 * directory with their group switches, then (Authentik only) password recovery. This class holds
 * the people part; requests and recovery have their own state.
 */
export class UsersTab extends PanelState {
  readonly requests: RequestsState;
  readonly recovery: RecoveryState;
  query: UsersQuery = DEFAULT_USERS_QUERY;
  page: UsersPage | null = null;
  loading = false;
  loadError: string | null = null;
  status = '';
  access: UserAccess | null = null;
  groupError: FieldError | null = null;
  groupCreated: { name: string; n: number } | null = null;
  memberErrors: Record<string, string> = {};
  private seq = 0;
  private counter = 0;

  constructor(host: PanelHost) {
    super(host);
    this.requests = new RequestsState(host, () => this.afterApproval());
    this.recovery = new RecoveryState(host);
  }

  render() {
    const me = this.host.me;
    return html`${this.requests.render()}
      <vid-stream-users
        .page=${this.page} .query=${this.query} .groups=${this.host.groups} .policy=${me}
        .directoryWrite=${me?.directoryWrite ?? null} .takPortalUrl=${me?.takPortalUrl ?? null}
        .access=${this.access} .groupError=${this.groupError} .memberErrors=${this.memberErrors}
        .loadError=${this.loadError} .loading=${this.loading} .status=${this.status}
        .groupCreated=${this.groupCreated}
        @vid-users-query=${this.onQuery}
        @vid-member-group=${this.onMemberGroup}
        @vid-create-group=${this.onCreateGroup}
        @vid-user-access=${this.onUserAccess}
      ></vid-stream-users>
      ${this.recovery.render()}`;
  }

  /** The tab was opened: people once, recovery's state once, the request queue every time (it moves on its own). */
  opened() {
    if (!this.page && !this.loading) void this.load();
    void this.requests.load();
    this.recovery.opened();
  }

  private afterApproval() {
    // The new person is in the directory now, and in their groups' member counts.
    if (this.page) void this.load();
    this.host.directoryChanged();
  }

  private async load() {
    const seq = ++this.seq;
    this.loading = true;
    this.changed();
    try {
      const page = await this.host.api.users(this.query);
      if (seq !== this.seq) return;
      this.page = { ...page, users: (page.users ?? []).map((u) => ({ ...u, groups: streamGroupsOf(u.groups, this.host.me) })) };
      this.loadError = null;
    } catch (error) {
      if (seq === this.seq) this.loadError = `Could not load people: ${message(error)}`;
    } finally {
      if (seq === this.seq) this.loading = false;
      this.changed();
    }
  }

  private readonly onQuery = (event: VidEvent<'vid-users-query'>) => {
    this.query = { ...event.detail };
    void this.load();
  };

  private readonly onMemberGroup = async (event: VidEvent<'vid-member-group'>) => {
    const { username, group, on } = event.detail;
    const me = this.host.me;
    if (!me?.directoryWrite || !isStreamGroup(group, me)) return;
    if (!on && username === me.username && isAdminGroup(group, me)) {
      // The server refuses it too: nobody locks themselves out of the console.
      this.memberErrors = { ...this.memberErrors, [username]: `You cannot remove yourself from ${group}: ask another admin.` };
      this.status = 'Not saved.';
      this.page = this.page && { ...this.page };
      this.changed();
      return;
    }
    // The switch keeps the state just chosen while the directory write is out; re-rendering from
    // the old page (the status line does) would flip it back until the answer came.
    const before = this.page;
    const pending = before && {
      ...before,
      users: before.users.map((u) =>
        u.username === username ? { ...u, groups: [...u.groups.filter((g) => !sameGroup(g, group)), ...(on ? [group] : [])] } : u,
      ),
    };
    this.page = pending;
    this.status = `${on ? 'Adding' : 'Removing'} ${username} ${on ? 'to' : 'from'} ${group}…`;
    this.changed();
    const errors = { ...this.memberErrors };
    delete errors[username];
    try {
      const user = await this.host.api.setMembership(username, group, on);
      this.memberErrors = errors;
      if (this.page && user && typeof user === 'object') {
        const updated = { ...user, groups: streamGroupsOf(user.groups, me) };
        this.page = { ...this.page, users: this.page.users.map((u) => (u.username === username ? updated : u)) };
      }
      this.status = `${username} ${on ? 'is now in' : 'is no longer in'} ${group}.`;
      if (this.access?.user === username) void this.showAccess(username);
      this.host.directoryChanged();
    } catch (error) {
      this.memberErrors = { ...errors, [username]: `Could not change ${group} for ${username}: ${message(error)}` };
      this.status = 'Not saved.';
      // Put the switches back as they were (a new object, so they re-render), unless a reload came meanwhile.
      const current = this.page === pending ? before : this.page;
      this.page = current ? { ...current } : null;
    }
    this.changed();
  };

  private readonly onCreateGroup = async (event: VidEvent<'vid-create-group'>) => {
    const { name } = event.detail;
    if (!isStreamGroup(name, this.host.me)) {
      this.groupError = { field: 'name', message: `Stream groups start with ${this.host.me?.groupPrefix ?? 'the group prefix'}.` };
      this.changed();
      return;
    }
    try {
      await this.host.api.createGroup(name);
      this.groupError = null;
      this.groupCreated = { name, n: ++this.counter };
      this.status = `Created ${name}.`;
      this.changed();
      await this.host.loadGroups();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        this.groupError = { field: 'name', message: error.body.error ?? `${name} already exists.` };
      } else {
        this.groupError =
          error instanceof ApiError ? { field: error.body.field ?? 'name', message: error.message } : { field: 'name', message: message(error) };
      }
      this.changed();
    }
  };

  private readonly onUserAccess = (event: VidEvent<'vid-user-access'>) => {
    const { username } = event.detail;
    if (username !== null) {
      void this.showAccess(username);
      return;
    }
    this.access = null;
    this.changed();
  };

  private async showAccess(username: string) {
    try {
      const access = await this.host.api.access(username);
      this.access = { ...access, user: access.user ?? username, paths: access.paths ?? [], groups: streamGroupsOf(access.groups, this.host.me) };
    } catch (error) {
      this.memberErrors = { ...this.memberErrors, [username]: `Could not look up what ${username} can see: ${message(error)}` };
    }
    this.changed();
  }
}
