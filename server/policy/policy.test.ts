import { describe, expect, it } from 'vitest';
import { compileRules } from '../rules/compile.ts';
import { rule } from '../rules/test-fixtures.ts';
import {
  activeGroups,
  asSpelledIn,
  createPolicy,
  isStreamGroup,
  relevantGroups,
  roleOf,
  shownGroups,
  spelledAs,
  type PolicySettings,
  type Role,
} from './groups.ts';
import { ACTIONS, may, visiblePaths } from './may.ts';

const SETTINGS: PolicySettings = {
  groupPrefix: 'vid_',
  adminGroups: ['vid_admin', 'authentik Admins'],
  publishGroups: ['vid_publish'],
  defaultGroups: ['vid_public'],
};

/** One path per rule kind; `vid_alpha` may read each, the default groups the last. */
const PATHS = { exact: 'live/drone1', glob: 'live/alpha/cam', regex: 'ops/night', default: 'elsewhere' } as const;
type RuleKind = keyof typeof PATHS;
const RULES = [rule('live/drone1', 'vid_alpha'), rule('live/alpha/*', 'vid_alpha', 'vid_beta'), rule('~^ops/', 'vid_alpha')];

/** Who asks: the groups a person brings, named after what they are. */
const PEOPLE = {
  admin: ['vid_public', 'vid_admin'],
  'directory admin': ['authentik Admins'],
  publisher: ['vid_publish'],
  'granted viewer': ['vid_alpha'],
  'default viewer': ['vid_public'],
  'other viewer': ['vid_gamma'],
  nobody: ['tak_vid_admin', 'Team Alpha, West'],
} as const;
type Who = keyof typeof PEOPLE;

/** What each person may do: read/playback per rule kind, the group-only actions whatever the path. */
function expected(who: Who, action: string, kind: RuleKind): boolean {
  const admin = who === 'admin' || who === 'directory admin';
  if (action === 'read' || action === 'playback') {
    if (admin) return true;
    if (who === 'granted viewer') return kind !== 'default';
    if (who === 'default viewer') return kind === 'default';
    return false;
  }
  if (action === 'publish') return who === 'publisher';
  return admin && action !== 'unknown';
}

/** The same directory and settings in other letter cases: nothing may change. */
const CASES = {
  'as configured': { person: (g: string) => g, config: (g: string) => g },
  'person upper-case': { person: (g: string) => g.toUpperCase(), config: (g: string) => g },
  'settings and rules upper-case': { person: (g: string) => g, config: (g: string) => g.toUpperCase() },
  'mixed on both sides': { person: (g: string) => g.replace(/^./, (c) => c.toUpperCase()), config: (g: string) => g.replace(/.$/, (c) => c.toUpperCase()) },
} as const;

function compiledFor(spell: (g: string) => string) {
  const settings: PolicySettings = {
    groupPrefix: spell(SETTINGS.groupPrefix),
    adminGroups: SETTINGS.adminGroups.map(spell),
    publishGroups: SETTINGS.publishGroups!.map(spell),
    defaultGroups: SETTINGS.defaultGroups!.map(spell),
  };
  return compileRules(
    RULES.map((r) => ({ ...r, groups: r.groups.map(spell) })),
    settings,
  );
}

describe('may(person, action, path, rules)', () => {
  const table = Object.entries(CASES).flatMap(([letterCase, spell]) =>
    [...ACTIONS, 'unknown'].flatMap((action) =>
      (Object.keys(PEOPLE) as Who[]).flatMap((who) => (Object.keys(PATHS) as RuleKind[]).map((kind) => ({ letterCase, spell, action, who, kind }))),
    ),
  );

  it.each(table)('$letterCase: $who $action on a path decided by $kind', ({ spell, action, who, kind }) => {
    const rules = compiledFor(spell.config);
    const person = { groups: relevantGroups(rules.policy, PEOPLE[who].map(spell.person)) };
    const decision = may(person, action, PATHS[kind], rules);
    expect(decision.allow).toBe(expected(who, action, kind));
    expect(decision.reason).not.toBe('');
  });

  it('names what decided, with the groups as the person and the rules spell them', () => {
    const rules = compiledFor((g) => g.toUpperCase());
    expect(may({ groups: ['vid_alpha'] }, 'read', 'live/drone1', rules)).toEqual({
      allow: true,
      reason: 'rule "live/drone1" (exact) grants VID_ALPHA',
      rule: rules.rules[0],
    });
    expect(may({ groups: ['Authentik admins'] }, 'playback', 'x', rules)).toMatchObject({
      allow: true,
      reason: 'admin group "Authentik admins" sees every path',
      rule: null,
    });
    expect(may({ groups: ['vid_Publish'] }, 'publish', 'x', rules)).toMatchObject({ allow: true, reason: 'group vid_Publish may publish' });
    expect(may({ groups: ['vid_alpha'] }, 'api', '', rules)).toMatchObject({ allow: false, reason: 'api needs one of: VID_ADMIN, AUTHENTIK ADMINS' });
    expect(may({ groups: ['vid_admin'] }, 'delete', '', rules)).toMatchObject({ allow: false, reason: 'unknown action "delete"' });
  });

  it('lists the paths a person may read, for every one the same as may()', () => {
    const rules = compiledFor((g) => g);
    const paths = Object.values(PATHS);
    for (const groups of Object.values(PEOPLE)) {
      const person = { groups: relevantGroups(rules.policy, groups) };
      expect(visiblePaths(person, paths, rules)).toEqual(paths.filter((path) => may(person, 'read', path, rules).allow));
    }
  });
});

describe('groups and roles', () => {
  const policy = createPolicy(SETTINGS);

  it.each([
    [['vid_admin'], 'admin'],
    [['Authentik Admins'], 'admin'],
    [['AUTHENTIK ADMINS', 'vid_public'], 'admin'],
    [['VID_public'], 'viewer'],
    [['vid_ops; night'], 'viewer'],
    [['tak_ROLE_ADMIN', 'Team Alpha, West'], 'none'],
    [['vid'], 'none'],
    [[], 'none'],
  ] as Array<[string[], Role]>)('%j → %s', (groups, role) => expect(roleOf(policy, groups)).toBe(role));

  it("keeps a directory user's relevant groups, none while disabled, worked out once per user object", () => {
    const user = Object.freeze({ active: true, groups: ['vid_public', 'tak_cyan', 'VID_PUBLIC'] });
    expect(activeGroups(policy, user)).toEqual(['vid_public']);
    expect(activeGroups(policy, user)).toBe(activeGroups(policy, user));
    expect(activeGroups(policy, { ...user, active: false })).toEqual([]);
  });

  it('matches the prefix in any case, and never takes a tak_ group for a stream group', () => {
    expect(['vid_x', 'VID_x', 'Vid_Ops'].map((g) => isStreamGroup(policy, g))).toEqual([true, true, true]);
    expect(['vidx', 'tak_cyan', 'x_vid_a'].map((g) => isStreamGroup(policy, g))).toEqual([false, false, false]);
    for (const prefix of ['ta', 'TAK_', 'tak_']) {
      expect(['tak_cyan', 'TAK_ROLE_ADMIN', 'Tak_x'].some((g) => isStreamGroup({ groupPrefix: prefix }, g))).toBe(false);
    }
    expect(isStreamGroup({ groupPrefix: '' }, 'anything')).toBe(false);
  });

  it('keeps stream and admin groups once each, spelled as the directory does', () => {
    const directory = ['VID_Public', 'tak_cyan', 'Authentik ADMINS', 'Team Alpha, West', 'vid_public', 'vid_ops; night'];
    expect(relevantGroups(policy, directory)).toEqual(['VID_Public', 'Authentik ADMINS', 'vid_ops; night']);
    expect(shownGroups(policy, directory)).toEqual(['VID_Public', 'vid_ops; night']);
  });

  it('finds a name as the directory spells it, an exact spelling first', () => {
    expect(spelledAs(['vid_public', 'VID_Public'], 'VID_Public')).toBe('VID_Public');
    expect(spelledAs(['vid_public'], 'Vid_PUBLIC')).toBe('vid_public');
    expect(spelledAs(['vid_public'], 'vid_private')).toBeUndefined();
    expect(asSpelledIn(['vid_public', 'vid_Ops'], ['VID_PUBLIC', 'vid_ops', 'vid_public', 'vid_x'])).toEqual({
      groups: ['vid_public', 'vid_Ops'],
      unknown: ['vid_x'],
    });
  });

  it('compiles a settings object once; publishing defaults to the admin groups', () => {
    expect(createPolicy(SETTINGS)).toBe(policy);
    expect(createPolicy(policy)).toBe(policy);
    expect(createPolicy({ groupPrefix: 'vid_', adminGroups: ['vid_admin'] })).toMatchObject({ publishGroups: ['vid_admin'], defaultGroups: [] });
  });
});
