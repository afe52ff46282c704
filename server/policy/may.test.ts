import { describe, expect, it } from 'vitest';
import { compileRules } from '../rules/compile.ts';
import { rule } from '../rules/test-fixtures.ts';
import type { PolicySettings } from './groups.ts';
import { may, visiblePaths } from './may.ts';

const policy: PolicySettings = { defaultGroups: ['vid_public', 'vid_private'], adminGroups: ['vid_admin', 'authentik Admins'], groupPrefix: 'vid_' };

describe('may() reading: what decided, and why', () => {
  const compiled = compileRules(
    [rule('live/drone1', 'vid_private'), rule('live/alpha/*', 'vid_alpha', 'vid_beta'), rule('~^ops/', 'vid_ops; night'), rule('live/empty', ...[])],
    policy,
  );
  // path, user's groups, allowed?, deciding rule (null: admin or default), reason
  it.each([
    ['live/alpha/cam', ['vid_alpha'], true, 'live/alpha/*', 'rule "live/alpha/*" (glob) grants vid_alpha'],
    ['live/alpha/cam', ['vid_x', 'vid_beta', 'vid_alpha'], true, 'live/alpha/*', 'rule "live/alpha/*" (glob) grants vid_alpha, vid_beta'],
    ['live/drone1', ['vid_public'], false, 'live/drone1', 'rule "live/drone1" (exact) allows vid_private; user has vid_public'],
    ['live/drone1', [], false, 'live/drone1', 'rule "live/drone1" (exact) allows vid_private; user has no stream groups'],
    ['ops/x', ['vid_ops; night'], true, '~^ops/', 'rule "~^ops/" (regex) grants "vid_ops; night"'],
    ['ops/x', ['vid_Team Alpha, West'], false, '~^ops/', 'rule "~^ops/" (regex) allows "vid_ops; night"; user has "vid_Team Alpha, West"'],
    ['live/empty', ['vid_public'], false, 'live/empty', 'rule "live/empty" (exact) allows no groups'],
    ['live/other', ['vid_public'], true, null, 'no rule matches: default groups vid_public, vid_private include vid_public'],
    ['live/other', ['vid_alpha'], false, null, 'no rule matches: default groups vid_public, vid_private; user has vid_alpha'],
    ['live/drone1', ['vid_public', 'vid_admin'], true, null, 'admin group vid_admin sees every path'],
    ['live/drone1', ['authentik Admins'], true, null, 'admin group "authentik Admins" sees every path'],
    // Group names compare without case, as LDAP compares them; a reason spells a rule's groups as
    // the rule does, an admin group as the person's directory does.
    ['live/drone1', ['authentik admins'], true, null, 'admin group "authentik admins" sees every path'],
    ['live/drone1', ['VID_Private'], true, 'live/drone1', 'rule "live/drone1" (exact) grants vid_private'],
    ['live/alpha/cam', ['VID_BETA', 'vid_x'], true, 'live/alpha/*', 'rule "live/alpha/*" (glob) grants vid_beta'],
  ])('%s for %j → %s by %s', (path, groups, allow, decidedBy, reason) => {
    const decision = may({ groups }, 'read', path, compiled);
    expect(decision).toEqual({ allow, reason, rule: decidedBy === null ? null : compiled.rules.find((r) => r.path === decidedBy) });
  });

  it('denies everyone but admins when nothing matches and there are no default groups', () => {
    const closed = compileRules([], { ...policy, defaultGroups: [] });
    expect(may({ groups: ['vid_public'] }, 'read', 'live/a', closed)).toEqual({
      allow: false,
      reason: 'no rule matches and there are no default groups',
      rule: null,
    });
    expect(may({ groups: ['vid_admin'] }, 'read', 'live/a', closed).allow).toBe(true);
  });

  it('gives the same answer for the same input', () => {
    const first = may({ groups: ['vid_alpha'] }, 'read', 'live/alpha/x', compiled);
    expect(may({ groups: ['vid_alpha'] }, 'read', 'live/alpha/x', compiled)).toEqual(first);
  });
});

describe('visiblePaths', () => {
  const compiled = compileRules([rule('live/drone1', 'vid_private'), rule('live/alpha/*', 'vid_alpha')], { ...policy, defaultGroups: ['vid_public'] });
  const paths = ['live/drone1', 'live/alpha/a', 'live/alpha/b', 'live/open'];
  it.each([
    [['vid_alpha'], ['live/alpha/a', 'live/alpha/b']],
    [['vid_public'], ['live/open']],
    [
      ['vid_private', 'vid_public'],
      ['live/drone1', 'live/open'],
    ],
    [[], []],
    [['vid_admin'], paths],
  ])('%j sees %j', (groups, visible) => expect(visiblePaths({ groups }, paths, compiled)).toEqual(visible));
});
