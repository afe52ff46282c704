/**
 * An Authentik REST API v3 double on 127.0.0.1, written from shared/reference/authentik.md: the
 * user and group lists (pagination, filters), group creation, add_user/remove_user, a Bearer token
 * check, and a record of every call so a test can prove the replace-all user PATCH is never sent.
 */
import { Hono } from 'hono';
import { serveOnLoopback } from '../mediamtx-api/serve-on-loopback.ts';
import { registerFlowRoutes, type FlowStore } from './flows.ts';
import { paginated, type DoubleEnv } from './pagination.ts';
import { registerProxyProvider, type ProxyProviderDouble, type ProxyProviderOptions } from './proxy-provider.ts';
import { registerUserCreation, type UserCreationState } from './users-create.ts';
import { buildModel, groupJson, userJson, type AkModel, type GroupShape, type SeedAkGroup, type SeedAkUser } from './model.ts';

export interface RecordedAkCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorized: boolean;
}

export interface AuthentikDoubleOptions {
  token: string;
  users: readonly SeedAkUser[];
  groups: readonly SeedAkGroup[];
  /** 'parents' (2025.12+) by default; 'parent' for older servers. */
  groupShape?: GroupShape;
  /** Who the token belongs to, as GET /core/users/me/ says; default a superuser `akadmin`. */
  tokenOwner?: { username: string; superuser: boolean };
  /** The stream site's application with its proxy provider: its JWKS and the X-Authentik-Jwt it signs. */
  application?: ProxyProviderOptions;
}

export interface AuthentikDouble {
  url: string;
  model: AkModel;
  calls: RecordedAkCall[];
  setGroupShape(shape: GroupShape): void;
  /** Usernames in a group, sorted. */
  membersOf(group: string): string[];
  /** Flows, stages, bindings and email events (password recovery); the brand is `model.brand`. */
  flows: FlowStore;
  /** Recovery tokens and emails from user onboarding (users-create.ts). */
  onboarding: UserCreationState;
  /** Present when `application` was given. */
  provider: ProxyProviderDouble | null;
  stop(): Promise<void>;
}

const truthy = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v === 'true');

export async function startAuthentikDouble(options: AuthentikDoubleOptions): Promise<AuthentikDouble> {
  const model = buildModel(options.users, options.groups);
  let shape: GroupShape = options.groupShape ?? 'parents';
  const calls: RecordedAkCall[] = [];
  const app = new Hono<DoubleEnv>();
  let url = '';
  // Open like Authentik's, so before the token check.
  const provider = options.application ? await registerProxyProvider(app, model, options.application, () => url) : null;
  app.get('/application/o/:slug/jwks/', (c) => c.html('<h1>Not Found</h1>', 404));

  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const authorized = c.req.header('authorization') === `Bearer ${options.token}`;
    let body: unknown = null;
    if (c.req.header('content-type')?.includes('application/json')) body = await c.req.json().catch(() => 'malformed');
    calls.push({ method: c.req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, authorized });
    c.set('body', body);
    if (!authorized) return c.json({ detail: 'Authentication credentials were not provided.' }, 401);
    await next();
  });

  // SessionUser: the token's own user (only the fields a client reads; Authentik sends more).
  app.get('/api/v3/core/users/me/', (c) => {
    const owner = options.tokenOwner ?? { username: 'akadmin', superuser: true };
    const known = model.userNamed(owner.username);
    return c.json({
      user: {
        pk: known?.pk ?? 0,
        username: owner.username,
        name: known?.name ?? owner.username,
        is_active: true,
        is_superuser: owner.superuser,
        groups: [],
        email: known?.email ?? '',
        avatar: '',
        uid: known?.uuid ?? '',
        settings: {},
        type: 'internal',
        system_permissions: [],
      },
    });
  });

  app.get('/api/v3/core/users/', (c) => {
    const search = c.req.query('search')?.toLowerCase();
    const username = c.req.query('username');
    let users = [...model.people.values()];
    if (username !== undefined) users = users.filter((u) => u.username === username);
    if (search) users = users.filter((u) => [u.username, u.name, u.email, u.uuid].some((f) => f.toLowerCase().includes(search)));
    users.sort((a, b) => (c.req.query('ordering') === '-username' ? -1 : 1) * a.username.localeCompare(b.username));
    return paginated(
      c,
      users.map((u) => userJson(model, u, shape, truthy(c.req.query('include_groups'), true))),
    );
  });

  app.get('/api/v3/core/groups/', (c) => {
    const search = c.req.query('search')?.toLowerCase();
    const name = c.req.query('name');
    let groups = [...model.teams.values()];
    if (name !== undefined) groups = groups.filter((g) => g.name === name);
    if (search) groups = groups.filter((g) => g.name.toLowerCase().includes(search));
    groups.sort((a, b) => a.name.localeCompare(b.name));
    return paginated(
      c,
      groups.map((g) => groupJson(model, g, shape, truthy(c.req.query('include_users'), true))),
    );
  });

  app.post('/api/v3/core/groups/', async (c) => {
    const body = c.get('body') as { name?: unknown; is_superuser?: unknown } | null;
    if (!body || typeof body.name !== 'string' || body.name === '') return c.json({ name: ['This field is required.'] }, 400);
    if (model.groupNamed(body.name)) return c.json({ name: ['group with this name already exists.'] }, 400);
    const group = model.addGroup(body.name);
    group.is_superuser = body.is_superuser === true;
    return c.json(groupJson(model, group, shape, true), 201);
  });

  for (const action of ['add_user', 'remove_user'] as const) {
    app.post(`/api/v3/core/groups/:uuid/${action}/`, (c) => {
      const group = model.teams.get(c.req.param('uuid'));
      if (!group) return c.json({ detail: 'Not found.' }, 404);
      const pk = (c.get('body') as { pk?: unknown } | null)?.pk;
      const user = typeof pk === 'number' ? model.people.get(pk) : undefined;
      if (!user) return c.json({ pk: ['User does not exist.'] }, 400);
      if (action === 'add_user') user.groups.add(group.pk);
      else user.groups.delete(group.pk);
      return c.body(null, 204);
    });
  }

  // The replace-all membership write: served (so a misuse would "work" and be noticed only by the
  // call record), exactly as dangerous as the real one.
  app.patch('/api/v3/core/users/:pk/', (c) => {
    const user = model.people.get(Number(c.req.param('pk')));
    if (!user) return c.json({ detail: 'Not found.' }, 404);
    const groups = (c.get('body') as { groups?: unknown } | null)?.groups;
    if (Array.isArray(groups)) user.groups = new Set(groups.filter((g): g is string => typeof g === 'string'));
    return c.json(userJson(model, user, shape, true));
  });

  const flows = registerFlowRoutes(app, model);
  const onboarding = registerUserCreation(app, model, flows, () => shape);
  app.all('*', (c) => c.json({ detail: 'Not found.' }, 404));

  const server = await serveOnLoopback(app.fetch);
  url = server.url;
  return {
    url: server.url,
    model,
    calls,
    setGroupShape(next) {
      shape = next;
    },
    membersOf(group) {
      const found = model.groupNamed(group);
      if (!found) return [];
      return [...model.people.values()]
        .filter((u) => u.groups.has(found.pk))
        .map((u) => u.username)
        .sort();
    },
    flows,
    onboarding,
    provider,
    stop: () => server.stop(),
  };
}
