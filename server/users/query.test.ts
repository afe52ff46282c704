import { describe, expect, it } from 'vitest';
import { OverlayError } from '../http/errors.ts';
import { validateNewGroup } from './group-name.ts';
import { parseUserQuery, publicUser, queryUsers, type UserQuery } from './query.ts';
import type { ListedUser } from './types.ts';

const person = (username: string, name: string, email: string, groups: string[] = []): ListedUser => ({ username, name, email, active: true, groups });
const PEOPLE = [
  person('user10', 'Zed Last', 'z@corp.test', ['vid_public']),
  person('user2', 'émile Second', 'e@corp.test'),
  person('Alice', 'alice Anders', 'alice@example.test', ['vid_private', 'tak_cyan', 'authentik Admins']),
  person('bob', 'Bob Brown', 'bob@corp.test', ['vid_public']),
];
const query = (over: Partial<UserQuery> = {}): UserQuery => ({ search: '', page: 0, pageSize: 25, sort: 'username', order: 'asc', group: null, ...over });
const names = (q: Partial<UserQuery>) => queryUsers(PEOPLE, query(q)).users.map((u) => u.username);

function refusal(fn: () => unknown): { status: number; field?: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof OverlayError) return { status: error.status, field: error.details.field, message: error.details.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('queryUsers', () => {
  it('sorts naturally, ignoring case and accents, and reverses on desc', () => {
    expect(names({})).toEqual(['Alice', 'bob', 'user2', 'user10']);
    expect(names({ order: 'desc' })).toEqual(['user10', 'user2', 'bob', 'Alice']);
    expect(names({ sort: 'name' })).toEqual(['Alice', 'bob', 'user2', 'user10']);
    expect(names({ sort: 'email' })).toEqual(['Alice', 'bob', 'user2', 'user10']);
  });

  it('searches username, name and email without case', () => {
    expect(names({ search: 'ALI' })).toEqual(['Alice']);
    expect(names({ search: 'brown' })).toEqual(['bob']);
    expect(names({ search: 'corp.test' })).toEqual(['bob', 'user2', 'user10']);
    expect(names({ search: 'nobody' })).toEqual([]);
    expect(names({ group: 'vid_public' })).toEqual(['bob', 'user10']);
  });

  it('pages and counts what matched', () => {
    expect(queryUsers(PEOPLE, query({ pageSize: 3 }))).toMatchObject({ total: 4 });
    expect(names({ pageSize: 3, page: 1 })).toEqual(['user10']);
    expect(names({ pageSize: 3, page: 5 })).toEqual([]);
  });
});

describe('parseUserQuery', () => {
  const parse = (params: Record<string, string>) => parseUserQuery((n) => params[n]);
  it('has defaults', () => expect(parse({})).toEqual(query()));
  it.each([
    [{ page: '-1' }, 'page'],
    [{ page: '1.5' }, 'page'],
    [{ pageSize: '0' }, 'pageSize'],
    [{ pageSize: '101' }, 'pageSize'],
    [{ pageSize: 'ten' }, 'pageSize'],
    [{ sort: 'password' }, 'sort'],
    [{ order: 'up' }, 'order'],
    [{ search: 'x'.repeat(201) }, 'search'],
  ])('refuses %o naming %s', (params, field) => expect(refusal(() => parse(params))).toMatchObject({ status: 400, field }));
});

describe('publicUser', () => {
  it('keeps only prefixed groups', () => {
    expect(publicUser(PEOPLE[2]!, 'vid_').groups).toEqual(['vid_private']);
    expect(Object.keys(publicUser({ ...PEOPLE[2]!, dn: 'cn=x' } as ListedUser, 'vid_'))).toEqual(['username', 'name', 'email', 'active', 'groups']);
  });
});

describe('validateNewGroup', () => {
  it.each(['vid_ops', 'vid_ops-night', 'vid_Team 2.b', 'vid_x', `vid_${'a'.repeat(64)}`])('accepts %s', (name) =>
    expect(validateNewGroup({ name }, 'vid_')).toBe(name),
  );

  it.each(['ops', 'tak_ops', 'vid_', 'vid_ ops', 'vid_ops ', 'vid_ops;night', 'vid_a/b', 'vid_ö', `vid_${'a'.repeat(65)}`, 'VID_ops'])(
    'refuses %s with the rule in the message',
    (name) => {
      expect(refusal(() => validateNewGroup({ name }, 'vid_'))).toEqual({
        status: 400,
        field: 'name',
        message: 'name: must be "vid_" followed by 1 to 64 letters, digits, spaces, "_", "." or "-" (no space first or last), e.g. vid_ops-night',
      });
    },
  );

  it('refuses other shapes', () => {
    expect(refusal(() => validateNewGroup({ name: 3 }, 'vid_')).field).toBe('name');
    expect(refusal(() => validateNewGroup({ name: 'vid_a', members: [] }, 'vid_')).field).toBe('members');
    expect(refusal(() => validateNewGroup(['vid_a'], 'vid_')).field).toBe('body');
  });
});
