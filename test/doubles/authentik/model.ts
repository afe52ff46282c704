/**
 * The Authentik objects the double keeps, and how it serializes them (API v3, as in
 * shared/reference/authentik.md). Group shape: `parent` (before 2025.12: one parent uuid or null,
 * and no roles_obj) or `parents` (2025.12+: a list, with children and roles_obj).
 */
import { randomUUID } from 'node:crypto';

export type GroupShape = 'parent' | 'parents';

export interface FakeAkUser {
  pk: number;
  uuid: string;
  username: string;
  name: string;
  email: string;
  is_active: boolean;
  is_superuser: boolean;
  type: 'internal' | 'external' | 'service_account' | 'internal_service_account';
  /** Group pks (uuids). */
  groups: Set<string>;
}

export interface FakeAkGroup {
  pk: string;
  num_pk: number;
  name: string;
  is_superuser: boolean;
  parent: string | null;
  attributes: Record<string, unknown>;
}

export interface SeedAkUser {
  username: string;
  name?: string;
  email?: string;
  active?: boolean;
  type?: FakeAkUser['type'];
}

/** The default brand: the recovery flow it names is what `/core/users/{pk}/recovery/` needs (null = none). */
export interface FakeAkBrand {
  brand_uuid: string;
  domain: string;
  default: true;
  branding_title: string;
  flow_authentication: string | null;
  flow_recovery: string | null;
}

export interface SeedAkGroup {
  name: string;
  members: readonly string[];
  parent?: string;
}

export function buildModel(users: readonly SeedAkUser[], groups: readonly SeedAkGroup[]) {
  const people = new Map<number, FakeAkUser>();
  const teams = new Map<string, FakeAkGroup>();
  let nextUser = 1;
  let nextGroup = 1;

  const addUser = (u: SeedAkUser): FakeAkUser => {
    const user: FakeAkUser = {
      pk: nextUser++,
      uuid: randomUUID(),
      username: u.username,
      name: u.name ?? u.username,
      email: u.email ?? `${u.username}@example.test`,
      is_active: u.active ?? true,
      is_superuser: false,
      type: u.type ?? 'internal',
      groups: new Set(),
    };
    people.set(user.pk, user);
    return user;
  };
  const addGroup = (name: string, parent: string | null = null): FakeAkGroup => {
    const group: FakeAkGroup = { pk: randomUUID(), num_pk: nextGroup++, name, is_superuser: name === 'authentik Admins', parent, attributes: {} };
    teams.set(group.pk, group);
    return group;
  };
  const userNamed = (username: string) => [...people.values()].find((u) => u.username === username);
  const groupNamed = (name: string) => [...teams.values()].find((g) => g.name === name);

  for (const u of users) addUser(u);
  for (const g of groups) {
    const group = addGroup(g.name, g.parent ? (groupNamed(g.parent)?.pk ?? null) : null);
    for (const member of g.members) userNamed(member)?.groups.add(group.pk);
  }
  const brand: FakeAkBrand = {
    brand_uuid: randomUUID(),
    domain: 'authentik-default',
    default: true,
    branding_title: 'authentik',
    flow_authentication: null,
    flow_recovery: null,
  };
  return { people, teams, addUser, addGroup, userNamed, groupNamed, brand };
}

export type AkModel = ReturnType<typeof buildModel>;

function relations(model: AkModel, group: FakeAkGroup, shape: GroupShape): Record<string, unknown> {
  if (shape === 'parent') {
    const parent = group.parent ? model.teams.get(group.parent) : undefined;
    return { parent: group.parent, parent_name: parent?.name ?? null };
  }
  const children = [...model.teams.values()].filter((g) => g.parent === group.pk);
  return {
    parents: group.parent ? [group.parent] : [],
    parents_obj: group.parent ? [{ pk: group.parent, name: model.teams.get(group.parent)?.name }] : [],
    children: children.map((g) => g.pk),
    children_obj: children.map((g) => ({ pk: g.pk, name: g.name })),
    roles: [],
    roles_obj: [],
  };
}

export function partialGroupJson(model: AkModel, group: FakeAkGroup, shape: GroupShape): Record<string, unknown> {
  return {
    pk: group.pk,
    num_pk: group.num_pk,
    name: group.name,
    is_superuser: group.is_superuser,
    attributes: group.attributes,
    ...relations(model, group, shape),
  };
}

export function groupJson(model: AkModel, group: FakeAkGroup, shape: GroupShape, includeUsers: boolean): Record<string, unknown> {
  const members = [...model.people.values()].filter((u) => u.groups.has(group.pk));
  return {
    ...partialGroupJson(model, group, shape),
    users: members.map((u) => u.pk),
    ...(includeUsers && {
      users_obj: members.map((u) => ({ pk: u.pk, username: u.username, name: u.name, is_active: u.is_active, email: u.email, uid: u.uuid })),
    }),
  };
}

export function userJson(model: AkModel, user: FakeAkUser, shape: GroupShape, includeGroups: boolean): Record<string, unknown> {
  const groups = [...user.groups].map((pk) => model.teams.get(pk)).filter((g): g is FakeAkGroup => g !== undefined);
  return {
    pk: user.pk,
    username: user.username,
    name: user.name,
    is_active: user.is_active,
    last_login: null,
    date_joined: '2025-01-01T00:00:00Z',
    is_superuser: groups.some((g) => g.is_superuser),
    groups: groups.map((g) => g.pk),
    ...(includeGroups && { groups_obj: groups.map((g) => partialGroupJson(model, g, shape)) }),
    email: user.email,
    avatar: '',
    attributes: {},
    uid: user.uuid,
    path: 'users',
    type: user.type,
    uuid: user.uuid,
    password_change_date: '2025-01-01T00:00:00Z',
    last_updated: '2025-01-01T00:00:00Z',
  };
}
