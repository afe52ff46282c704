/**
 * The few Authentik REST calls the console needs, through the generated client `@goauthentik/api`
 * (URLs, query names, the Bearer header). Answers are parsed here from the raw JSON rather than
 * by the client's models: those throw on fields one server version has and another lacks
 * (`roles_obj`) and know only one group shape, while servers before 2025.12 send `parent` and
 * later ones `parents`. Membership changes only ever use add_user/remove_user: the user PATCH
 * with `groups` replaces every membership, tak_* included, and is never sent.
 */
import { Configuration, CoreApi, FetchError, ResponseError } from '@goauthentik/api';
import { OverlayError } from '../../http/errors.ts';

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

export interface AuthentikClient {
  listUsers(): Promise<AuthentikUser[]>;
  findUser(username: string): Promise<AuthentikUser | null>;
  listGroups(): Promise<AuthentikGroup[]>;
  findGroup(name: string): Promise<AuthentikGroup | null>;
  createGroup(name: string): Promise<AuthentikGroup>;
  addUser(groupPk: string, userPk: number): Promise<void>;
  removeUser(groupPk: string, userPk: number): Promise<void>;
}

const PAGE_SIZE = 100;
/** 1,000 pages of 100: far past any real directory, and a bound on a server whose `next` never ends. */
const MAX_PAGES = 1_000;

type Json = Record<string, unknown>;
type Raw = { raw: Response };

export function createAuthentikClient(options: { url: string; token: string; timeoutMs?: number }): AuthentikClient {
  const core = new CoreApi(new Configuration({ basePath: `${options.url}/api/v3`, accessToken: options.token }));
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(what: string, op: (init: RequestInit) => Promise<T>): Promise<T> {
    try {
      return await op({ signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw await apiFailure(what, error, options.url);
    }
  }

  const json = async (what: string, op: (init: RequestInit) => Promise<Raw>) =>
    call(what, async (init) => (await (await op(init)).raw.json()) as Json);

  /** Follows `pagination.next`, a page number (0 = no more), and collects every result. */
  async function allPages(what: string, fetchPage: (page: number, init: RequestInit) => Promise<Raw>): Promise<Json[]> {
    const results: Json[] = [];
    for (let page = 1, n = 0; page > 0 && n < MAX_PAGES; n++) {
      const body = await json(what, (init) => fetchPage(page, init));
      results.push(...asArray(body.results));
      const next = Number((body.pagination as Json | undefined)?.next ?? 0);
      page = Number.isInteger(next) && next > page ? next : 0;
    }
    return results;
  }

  return {
    async listUsers() {
      const rows = await allPages('listing users', (page, init) => core.coreUsersListRaw({ page, pageSize: PAGE_SIZE, includeGroups: true, ordering: 'username' }, init));
      return rows.map(toUser).filter((u): u is AuthentikUser => u !== null);
    },
    async findUser(username) {
      const body = await json(`looking up user ${username}`, (init) => core.coreUsersListRaw({ username, includeGroups: true }, init));
      return asArray(body.results).map(toUser).find((u) => u?.username === username) ?? null;
    },
    async listGroups() {
      const rows = await allPages('listing groups', (page, init) => core.coreGroupsListRaw({ page, pageSize: PAGE_SIZE, includeUsers: false, ordering: 'name' }, init));
      return rows.map(toGroup).filter((g): g is AuthentikGroup => g !== null);
    },
    async findGroup(name) {
      const body = await json(`looking up group ${name}`, (init) => core.coreGroupsListRaw({ name, includeUsers: false }, init));
      return asArray(body.results).map(toGroup).find((g) => g?.name === name) ?? null;
    },
    async createGroup(name) {
      const body = await json(`creating group ${name}`, (init) => core.coreGroupsCreateRaw({ groupRequest: { name, isSuperuser: false } }, init));
      const group = toGroup(body);
      if (!group) throw new OverlayError(502, { title: 'Authentik answered oddly', message: `Authentik created "${name}" but its answer had no group in it.` });
      return group;
    },
    async addUser(groupPk, userPk) {
      await call('adding a member', (init) => core.coreGroupsAddUserCreate({ groupUuid: groupPk, userAccountRequest: { pk: userPk } }, init));
    },
    async removeUser(groupPk, userPk) {
      await call('removing a member', (init) => core.coreGroupsRemoveUserCreate({ groupUuid: groupPk, userAccountRequest: { pk: userPk } }, init));
    },
  };
}

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => v !== null && typeof v === 'object') : [];
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function toUser(row: Json): AuthentikUser | null {
  if (typeof row.pk !== 'number' || typeof row.username !== 'string') return null;
  return {
    pk: row.pk,
    username: row.username,
    name: text(row.name) || row.username,
    email: text(row.email),
    // Authentik always sends is_active; a missing one is read as active, like its own serializer default.
    active: row.is_active !== false,
    groupNames: asArray(row.groups_obj).map((g) => text(g.name)).filter(Boolean),
    type: text(row.type),
  };
}

export function toGroup(row: Json): AuthentikGroup | null {
  if (typeof row.pk !== 'string' || typeof row.name !== 'string') return null;
  const parents = Array.isArray(row.parents) ? row.parents.map(text).filter(Boolean) : typeof row.parent === 'string' ? [row.parent] : [];
  return { pk: row.pk, name: row.name, parents };
}

/** Turns the client's errors into answers an admin can act on. */
async function apiFailure(what: string, error: unknown, url: string): Promise<OverlayError> {
  if (error instanceof OverlayError) return error;
  if (error instanceof ResponseError) {
    const status = error.response.status;
    const detail = (await error.response.text().catch(() => '')).slice(0, 300);
    const hint = status === 401 || status === 403 ? ' Check AUTHENTIK_TOKEN and the permissions of its user.' : '';
    return new OverlayError(502, {
      title: 'Authentik refused the request',
      message: `Authentik (${url}) answered ${status} while ${what}.${hint}`,
      log: `Authentik ${what}: ${status} ${detail}`,
    });
  }
  const reason = error instanceof FetchError ? (error.cause as Error | undefined)?.message ?? error.message : (error as Error).message;
  return new OverlayError(502, {
    title: 'Authentik is not answering',
    message: `Authentik (${url}) could not be reached while ${what}. Try again in a moment.`,
    log: `Authentik ${what}: ${reason}`,
  });
}
