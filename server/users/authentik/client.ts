/**
 * The few Authentik REST calls the console needs, through the generated client `@goauthentik/api`
 * (URLs, query names, the Bearer header). Answers are parsed here from the raw JSON rather than
 * by the client's models: those throw on fields one server version has and another lacks
 * (`roles_obj`) and know only one group shape, while servers before 2025.12 send `parent` and
 * later ones `parents`. Membership changes only ever use add_user/remove_user: the user PATCH
 * with `groups` replaces every membership, tak_* included, and is never sent.
 */
import { CoreApi, StagesApi } from '@goauthentik/api';
import { asArray, authentikCalls, oddAnswer, PAGE_SIZE, text, type Json } from './api-calls.ts';

export interface AuthentikUser {
  pk: number;
  username: string;
  name: string;
  email: string;
  active: boolean;
  /** Names of the user's direct groups, every one of them (the caller filters). */
  groupNames: string[];
  type: string;
}

export interface AuthentikGroup {
  /** A UUID. */
  pk: string;
  name: string;
  /** From `parents` (2025.12+) or the older single `parent`. */
  parents: string[];
}

export interface AuthentikEmailStage {
  /** A UUID. */
  pk: string;
  name: string;
  template: string;
}

export interface AuthentikClient {
  listUsers(): Promise<AuthentikUser[]>;
  findUser(username: string): Promise<AuthentikUser | null>;
  listGroups(): Promise<AuthentikGroup[]>;
  findGroup(name: string): Promise<AuthentikGroup | null>;
  createGroup(name: string): Promise<AuthentikGroup>;
  addUser(groupPk: string, userPk: number): Promise<void>;
  removeUser(groupPk: string, userPk: number): Promise<void>;
  /** An active user with no password (Authentik's create takes none): they set it through a recovery link. */
  createUser(user: { username: string; name: string; email: string }): Promise<AuthentikUser>;
  listEmailStages(): Promise<AuthentikEmailStage[]>;
  /** A one-time link into the brand's recovery flow; `tokenDuration` in Authentik's syntax, e.g. `hours=24`. */
  recoveryLink(userPk: number, tokenDuration: string): Promise<string>;
  /** Authentik emails the user that link, with the email stage's settings and template. */
  sendRecoveryEmail(userPk: number, emailStagePk: string, tokenDuration: string): Promise<void>;
}

export function createAuthentikClient(options: { url: string; token: string; timeoutMs?: number }): AuthentikClient {
  const { configuration, call, json, allPages } = authentikCalls(options);
  const core = new CoreApi(configuration);
  const stages = new StagesApi(configuration);

  return {
    async listUsers() {
      const rows = await allPages('listing users', (page, init) =>
        core.coreUsersListRaw({ page, pageSize: PAGE_SIZE, includeGroups: true, ordering: 'username' }, init),
      );
      return rows.map(toUser).filter((u): u is AuthentikUser => u !== null);
    },
    async findUser(username) {
      const body = await json(`looking up user ${username}`, (init) => core.coreUsersListRaw({ username, includeGroups: true }, init));
      return (
        asArray(body.results)
          .map(toUser)
          .find((u) => u?.username === username) ?? null
      );
    },
    async listGroups() {
      const rows = await allPages('listing groups', (page, init) =>
        core.coreGroupsListRaw({ page, pageSize: PAGE_SIZE, includeUsers: false, ordering: 'name' }, init),
      );
      return rows.map(toGroup).filter((g): g is AuthentikGroup => g !== null);
    },
    async findGroup(name) {
      const body = await json(`looking up group ${name}`, (init) => core.coreGroupsListRaw({ name, includeUsers: false }, init));
      return (
        asArray(body.results)
          .map(toGroup)
          .find((g) => g?.name === name) ?? null
      );
    },
    async createGroup(name) {
      const body = await json(`creating group ${name}`, (init) => core.coreGroupsCreateRaw({ groupRequest: { name, isSuperuser: false } }, init));
      const group = toGroup(body);
      if (!group) throw oddAnswer(`creating group ${name}`, options.url);
      return group;
    },
    async addUser(groupPk, userPk) {
      await call('adding a member', (init) => core.coreGroupsAddUserCreate({ groupUuid: groupPk, userAccountRequest: { pk: userPk } }, init));
    },
    async removeUser(groupPk, userPk) {
      await call('removing a member', (init) => core.coreGroupsRemoveUserCreate({ groupUuid: groupPk, userAccountRequest: { pk: userPk } }, init));
    },
    async createUser({ username, name, email }) {
      const body = await json(`creating user ${username}`, (init) => core.coreUsersCreateRaw({ userRequest: { username, name, email, isActive: true } }, init));
      const user = toUser(body);
      if (!user) throw oddAnswer(`creating user ${username}`, options.url);
      return user;
    },
    async listEmailStages() {
      const rows = await allPages('listing email stages', (page, init) => stages.stagesEmailListRaw({ page, pageSize: PAGE_SIZE, ordering: 'name' }, init));
      return rows.flatMap((row) =>
        typeof row.pk === 'string' && typeof row.name === 'string' ? [{ pk: row.pk, name: row.name, template: text(row.template) }] : [],
      );
    },
    async recoveryLink(userPk, tokenDuration) {
      const body = await json('making a recovery link', (init) =>
        core.coreUsersRecoveryCreateRaw({ id: userPk, userRecoveryLinkRequest: { tokenDuration } }, init),
      );
      if (typeof body.link !== 'string' || body.link === '') throw oddAnswer('making a recovery link', options.url);
      return body.link;
    },
    async sendRecoveryEmail(userPk, emailStagePk, tokenDuration) {
      await call('sending a recovery email', (init) =>
        core.coreUsersRecoveryEmailCreate({ id: userPk, userRecoveryEmailRequest: { emailStage: emailStagePk, tokenDuration } }, init),
      );
    },
  };
}

function toUser(row: Json): AuthentikUser | null {
  if (typeof row.pk !== 'number' || typeof row.username !== 'string') return null;
  return {
    pk: row.pk,
    username: row.username,
    name: text(row.name) || row.username,
    email: text(row.email),
    // Authentik always sends is_active; a missing one is read as active, like its own serializer default.
    active: row.is_active !== false,
    groupNames: asArray(row.groups_obj)
      .map((g) => text(g.name))
      .filter(Boolean),
    type: text(row.type),
  };
}

function toGroup(row: Json): AuthentikGroup | null {
  if (typeof row.pk !== 'string' || typeof row.name !== 'string') return null;
  const parents = Array.isArray(row.parents) ? row.parents.map(text).filter(Boolean) : typeof row.parent === 'string' ? [row.parent] : [];
  return { pk: row.pk, name: row.name, parents };
}
