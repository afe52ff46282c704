import { describe, expect, it } from 'vitest';
import { adminGroupOf, createPolicy } from '../policy/groups.ts';
import { attributeValues, canonicalUsername, directoryGroups, isDisabledEntry, isGroupEntry } from './entry.ts';

describe('isDisabledEntry', () => {
  it('treats a plain entry as enabled', () => {
    expect(isDisabledEntry({ dn: 'cn=a', cn: 'a' })).toBe(false);
  });

  it('reads Authentik ak-active in any case and either value shape', () => {
    expect(isDisabledEntry({ 'ak-active': 'FALSE' })).toBe(true);
    expect(isDisabledEntry({ 'AK-Active': ['false'] })).toBe(true);
    expect(isDisabledEntry({ 'ak-active': 'TRUE' })).toBe(false);
  });

  it('reads the AD ACCOUNTDISABLE bit of userAccountControl', () => {
    expect(isDisabledEntry({ userAccountControl: '514' })).toBe(true); // NORMAL_ACCOUNT | ACCOUNTDISABLE
    expect(isDisabledEntry({ useraccountcontrol: '66050' })).toBe(true); // + DONT_EXPIRE_PASSWORD
    expect(isDisabledEntry({ userAccountControl: '512' })).toBe(false);
    expect(isDisabledEntry({ userAccountControl: '66048' })).toBe(false);
    expect(isDisabledEntry({ userAccountControl: 'junk' })).toBe(false);
  });

  it('treats an OpenLDAP ppolicy lock as disabled', () => {
    expect(isDisabledEntry({ pwdAccountLockedTime: '000001010000Z' })).toBe(true);
    expect(isDisabledEntry({ pwdAccountLockedTime: [] })).toBe(false);
  });

  it('reads Buffer values too', () => {
    expect(isDisabledEntry({ 'ak-active': Buffer.from('FALSE') })).toBe(true);
  });
});

describe('directoryGroups', () => {
  const all = ['vid_public', 'tak_cyan', 'Team Alpha, West', 'authentik Admins', 'VID_shouting', 'vid_ops; night', 'vid_public'];

  it('keeps prefixed and admin groups, in any case, sorted and unique, as the directory spells them', () => {
    expect(directoryGroups(all, { groupPrefix: 'vid_', adminGroups: ['AUTHENTIK ADMINS'] })).toEqual([
      'VID_shouting',
      'authentik Admins',
      'vid_ops; night',
      'vid_public',
    ]);
  });

  it('hands the policy a sorted list it reads in that order (the admin group named is the one held)', () => {
    const settings = { groupPrefix: 'vid_', adminGroups: ['vid_admin'] };
    const groups = directoryGroups(['vid_zeta', 'vid_admin'], settings);
    expect(groups).toEqual(['vid_admin', 'vid_zeta']);
    expect(adminGroupOf(createPolicy(settings), groups)).toBe('vid_admin');
  });

  it('lets an empty prefix match nothing rather than everything', () => {
    expect(directoryGroups(all, { groupPrefix: '', adminGroups: [] })).toEqual([]);
    expect(directoryGroups(all, { groupPrefix: '', adminGroups: ['authentik Admins'] })).toEqual(['authentik Admins']);
  });
});

describe('entry helpers', () => {
  it('looks attributes up case-insensitively and drops empty values', () => {
    expect(attributeValues({ DisplayName: ['A', ''] }, 'displayname')).toEqual(['A']);
    expect(attributeValues({}, 'mail')).toEqual([]);
  });

  it('spots group-shaped entries', () => {
    expect(isGroupEntry({ objectClass: ['top', 'groupOfNames'] })).toBe(true);
    expect(isGroupEntry({ objectClass: ['top', 'inetOrgPerson', 'akUser'] })).toBe(false);
  });

  it('prefers the directory spelling of the name that was typed', () => {
    expect(canonicalUsername({ cn: ['Alice', 'alice.a'] }, 'cn', 'ALICE.A')).toBe('alice.a');
    expect(canonicalUsername({ cn: 'Alice' }, 'uid', 'alice')).toBe('alice');
  });
});
