import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DirectoryWrite, FieldError, ListedUser, SortKey, UserAccess, UsersPage, UsersQuery } from '../../shared/api-types.ts';
import { DraftFilter } from '../../shared/draft-filter.ts';
import { emit, type VidEvent } from '../../shared/events.ts';
import { safeHref, streamGroupsOf, type GroupPolicy } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import { streamUsersStyles } from './vid-stream-users.styles.ts';
import '../group-switches/define.ts';

export const DEFAULT_USERS_QUERY: UsersQuery = { search: '', page: 0, pageSize: 25, sort: 'username', order: 'asc' };

const SORTS: Array<[SortKey, string]> = [
  ['username', 'Username'],
  ['name', 'Name'],
  ['email', 'Email'],
];

/**
 * "Stream users": people from the directory with their stream groups as switches, search,
 * sorting and paging, a new stream group, and "what can this person see".
 *
 * Data down: `page`, `query`, `groups`, `policy` (from `/me`: the prefix new groups get), `directoryWrite`, `takPortalUrl`, `access`, `groupError`,
 * `memberErrors`, `loadError`, `loading`, `status`, `groupCreated`.
 * Events up: `vid-users-query`, `vid-member-group`, `vid-create-group`, `vid-user-access`.
 */
export class VidStreamUsers extends LitElement {
  static override styles = [baseStyles, streamUsersStyles];
  static override properties = {
    page: { attribute: false },
    query: { attribute: false },
    groups: { attribute: false },
    policy: { attribute: false },
    directoryWrite: { attribute: false },
    takPortalUrl: { attribute: false },
    access: { attribute: false },
    groupError: { attribute: false },
    memberErrors: { attribute: false },
    loadError: { attribute: false },
    loading: { attribute: false },
    status: { attribute: false },
    groupCreated: { attribute: false },
    newGroup: { state: true },
  };

  declare page: UsersPage | null;
  declare query: UsersQuery;
  declare groups: string[];
  declare policy: GroupPolicy | null;
  declare directoryWrite: DirectoryWrite;
  declare takPortalUrl: string | null;
  declare access: UserAccess | null;
  declare groupError: FieldError | null;
  declare memberErrors: Record<string, string>;
  declare loadError: string | null;
  declare loading: boolean;
  declare status: string;
  declare groupCreated: { name: string; n: number } | null;
  declare newGroup: string;
  private readonly search = new DraftFilter(
    this,
    () => this.query.search,
    (search) => emit(this, 'vid-users-query', { ...this.query, search, page: 0 }),
  );

  constructor() {
    super();
    this.page = null;
    this.query = DEFAULT_USERS_QUERY;
    this.groups = [];
    this.policy = null;
    this.directoryWrite = null;
    this.takPortalUrl = null;
    this.access = null;
    this.groupError = null;
    this.memberErrors = {};
    this.loadError = null;
    this.loading = false;
    this.status = '';
    this.groupCreated = null;
    this.newGroup = '';
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('query')) this.search.follow();
    if (changed.has('groupCreated') && this.groupCreated) this.newGroup = '';
  }

  override render() {
    const groups = streamGroupsOf(this.groups, this.policy);
    const writable = this.directoryWrite !== null;
    const portal = safeHref(this.takPortalUrl);
    const page = this.page;
    const pages = page ? Math.max(1, Math.ceil(page.total / Math.max(1, page.pageSize))) : 1;
    return html`<section class="card" aria-labelledby="vid-su-title">
      <h2 id="vid-su-title">Stream users</h2>
      <p class="muted">People in the directory and their stream groups. A stream group decides which streams someone sees.</p>
      ${
        portal
          ? html`<p class="notice" data-tak-portal>People are managed in <a href=${portal} target="_blank" rel="noopener">TAK Portal</a>:
            add, disable or remove them there. Their stream groups can still be changed here.</p>`
          : nothing
      }
      ${
        !writable
          ? html`<p class="notice warn" data-read-only id="vid-su-readonly">The overlay has no write access to the directory, so
            group memberships are shown read-only. Change them in the directory itself.</p>`
          : nothing
      }
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      ${this.loadError ? html`<div class="notice warn" role="alert">${this.loadError}</div>` : nothing}
      <div class="toolbar">
        <form role="search" @submit=${this.search.submit}>
          <label>Search people
            <input type="search" name="search" placeholder="username, name or email"
              .value=${live(this.search.draft)} @input=${this.search.input} />
          </label>
          <button type="submit" class="secondary">Search</button>
        </form>
        ${this.renderCreateGroup(writable)}
      </div>
      <table aria-busy=${this.loading ? 'true' : 'false'}>
        <thead><tr>
          ${SORTS.map(([key, label]) => this.sortHeader(key, label))}
          <th scope="col">Stream groups</th>
          <th scope="col"><span class="sr-only">Actions</span></th>
        </tr></thead>
        <tbody>
          ${
            page && page.users.length === 0
              ? html`<tr><td colspan="5" class="muted">${this.query.search ? 'Nobody matches that search.' : 'Nobody in the directory yet.'}</td></tr>`
              : nothing
          }
          ${repeat(
            page?.users ?? [],
            (u) => u.username,
            (u) => this.renderUser(u, groups, writable),
          )}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages of people">
        <button type="button" class="secondary" ?disabled=${!page || page.page <= 0} @click=${() => this.goTo((page?.page ?? 0) - 1)}>Previous page</button>
        <span>${page ? html`Page ${page.page + 1} of ${pages} · ${page.total} ${page.total === 1 ? 'person' : 'people'}` : this.loading ? 'Loading…' : ''}</span>
        <button type="button" class="secondary" ?disabled=${!page || page.page + 1 >= pages} @click=${() => this.goTo((page?.page ?? 0) + 1)}>Next page</button>
      </nav>
    </section>`;
  }

  /** The prefix every new group gets ('' until `/me` said it: then no group can be created). */
  private get newGroupPrefix(): string {
    return this.policy?.groupPrefix ?? '';
  }

  private renderCreateGroup(writable: boolean) {
    const error = this.groupError;
    const prefix = this.newGroupPrefix;
    const open = writable && prefix !== '';
    return html`<form @submit=${this.createGroup} novalidate aria-label="New stream group">
      <label for="vid-new-group">New stream group
        <span class="prefixed">
          <span class="prefix" aria-hidden="true">${prefix}</span>
          <input id="vid-new-group" name="name" type="text" autocomplete="off" spellcheck="false"
            .value=${live(this.newGroup)} @input=${this.groupInput} ?disabled=${!open}
            aria-invalid=${error ? 'true' : 'false'} aria-describedby="vid-new-group-hint ${error ? 'vid-new-group-error' : ''}" />
        </span>
      </label>
      <span id="vid-new-group-hint" class="sr-only">The name always starts with ${prefix}</span>
      <button type="submit" ?disabled=${!open}>Create group</button>
      ${error ? html`<p id="vid-new-group-error" class="field-error" role="alert" data-field=${error.field ?? 'name'}>${error.message}</p>` : nothing}
    </form>`;
  }

  private sortHeader(key: SortKey, label: string) {
    const active = this.query.sort === key;
    const sort = active ? (this.query.order === 'asc' ? 'ascending' : 'descending') : 'none';
    return html`<th scope="col" aria-sort=${sort}>
      <button type="button" data-sort=${key} @click=${() => this.sortBy(key)}>
        ${label}${active ? (this.query.order === 'asc' ? ' ▲' : ' ▼') : ''}<span class="sr-only">, sort</span>
      </button>
    </th>`;
  }

  private renderUser(u: ListedUser, groups: string[], writable: boolean) {
    const showing = this.access?.user === u.username ? this.access : null;
    const error = this.memberErrors[u.username];
    return html`<tr data-user=${u.username}>
      <td class="user">${u.username}${u.active === false ? html` <span class="inactive">(disabled)</span>` : nothing}</td>
      <td>${u.name}</td>
      <td>${u.email}</td>
      <td>
        <vid-group-switches .groups=${groups} .policy=${this.policy} .selected=${streamGroupsOf(u.groups, this.policy)} subject=${u.username}
          legend="Stream groups" hide-legend ?disabled=${!writable} @vid-toggle-group=${this.memberToggle}></vid-group-switches>
        ${error ? html`<p class="field-error" role="alert">${error}</p>` : nothing}
      </td>
      <td>
        <button type="button" class="secondary" aria-expanded=${showing ? 'true' : 'false'}
          @click=${() => emit(this, 'vid-user-access', { username: showing ? null : u.username })}>
          What can ${u.username} see?
        </button>
        ${showing ? this.renderAccess(showing) : nothing}
      </td>
    </tr>`;
  }

  private renderAccess(a: UserAccess) {
    const groups = streamGroupsOf(a.groups, this.policy);
    return html`<div class="access" data-access=${a.user}>
      <p>Role: ${a.role}${groups.length ? html` · groups: ${groups.join(', ')}` : nothing}</p>
      ${
        a.role === 'admin'
          ? html`<p>Admins see every stream.</p>`
          : a.paths.length
            ? html`<ul aria-label=${`Streams ${a.user} can see`}>${a.paths.map((p) => html`<li>${p}</li>`)}</ul>`
            : html`<p class="muted">No streams.</p>`
      }
    </div>`;
  }

  private memberToggle(event: VidEvent<'vid-toggle-group'>) {
    event.stopPropagation();
    if (this.directoryWrite === null) return;
    const { subject, group, on } = event.detail;
    emit(this, 'vid-member-group', { username: subject, group, on });
  }

  private sortBy(key: SortKey) {
    const order = this.query.sort === key && this.query.order === 'asc' ? 'desc' : 'asc';
    emit(this, 'vid-users-query', { ...this.query, sort: key, order, page: 0 });
  }

  private goTo(page: number) {
    emit(this, 'vid-users-query', { ...this.query, page: Math.max(0, page) });
  }

  private groupInput(event: Event) {
    const input = event.target as HTMLInputElement;
    // The prefix is fixed and shown before the field; typing it again (in any case) is forgiven.
    const prefix = this.newGroupPrefix;
    const typedPrefix = prefix !== '' && input.value.toLowerCase().startsWith(prefix.toLowerCase());
    this.newGroup = typedPrefix ? input.value.slice(prefix.length) : input.value;
  }

  private createGroup(event: Event) {
    event.preventDefault();
    const suffix = this.newGroup.trim();
    const prefix = this.newGroupPrefix;
    if (prefix === '') return;
    if (suffix === '') {
      this.groupError = { field: 'name', message: `Type the rest of the group's name after ${prefix}.` };
      return;
    }
    emit(this, 'vid-create-group', { name: prefix + suffix });
  }
}
