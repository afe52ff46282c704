import { describe, expect, it } from 'vitest';
import { passwordModifyValue } from './ldap-password.ts';

describe('Password Modify request value (RFC 3062)', () => {
  it('is a SEQUENCE of userIdentity [0] and newPasswd [2], UTF-8 octets', () => {
    const value = passwordModifyValue('cn=ab,dc=x', 'pässword');
    const dn = Buffer.from('cn=ab,dc=x');
    const password = Buffer.from('pässword', 'utf8');
    expect(value).toEqual(
      Buffer.concat([
        Buffer.from([0x30, 2 + dn.length + 2 + password.length]),
        Buffer.from([0x80, dn.length]),
        dn,
        Buffer.from([0x82, password.length]),
        password,
      ]),
    );
  });

  it('uses long-form lengths past 127 bytes', () => {
    const value = passwordModifyValue('cn=a', 'p'.repeat(200));
    expect([...value.subarray(0, 4)]).toEqual([0x30, 0x81, 6 + 3 + 200, 0x80]);
    expect([...value.subarray(9, 12)]).toEqual([0x82, 0x81, 200]);
    expect(value).toHaveLength(3 + 6 + 3 + 200);
  });
});
