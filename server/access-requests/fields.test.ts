import { describe, expect, it } from 'vitest';
import { checkRequestForm } from './fields.ts';

const GOOD = { name: 'Frank Field', email: 'Frank@Example.org', username: 'Frank.F', reason: 'Night shift\nops', agency: '' };

describe('checkRequestForm', () => {
  it('accepts a good form, trimmed, with username and email in lower case and no agency as null', () => {
    const checked = checkRequestForm({ ...GOOD, name: '  Frank Field ' });
    expect(checked).toEqual({
      ok: true,
      values: { name: 'Frank Field', email: 'frank@example.org', username: 'frank.f', reason: 'Night shift\nops', agency: '' },
      fields: { name: 'Frank Field', email: 'frank@example.org', username: 'frank.f', reason: 'Night shift\nops', agency: null },
    });
  });

  it('names every missing required field at once, and not the optional agency', () => {
    const checked = checkRequestForm({});
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(['email', 'name', 'reason', 'username']);
    expect(checked.errors.name).toBe('Enter your full name.');
  });

  it.each([
    ['name', 'x'.repeat(101), /at most 100 characters \(it has 101\)/],
    ['email', `${'a'.repeat(250)}@x.org`, /at most 254 characters/],
    ['email', 'frank', /one email address/],
    ['email', 'frank@example.org, evil@example.org', /one email address/],
    ['email', 'Frank <frank@example.org>', /one email address/],
    ['username', '1frank', /starting with a letter/],
    ['username', 'f', /2 to 32 characters/],
    ['username', 'frank field', /lowercase letters/],
    ['username', `f${'x'.repeat(40)}`, /2 to 32 characters/],
    ['username', 'x'.repeat(65), /at most 64 characters/],
    ['reason', 'y'.repeat(1001), /at most 1000 characters/],
    ['agency', 'z'.repeat(101), /at most 100 characters/],
    ['name', 'Frank\u202Eevil', /control or direction characters/],
    ['name', 'Frank\nField', /control or direction characters/],
    ['reason', 'bell\u0007', /control or direction characters/],
    // LDAP's mail is IA5: slapd refuses these, so an approval could never finish.
    ['email', 'josé@example.org', /plain \(ASCII\) characters/],
    ['email', 'jose@exämple.org', /xn-- form/],
  ])('refuses %s = %j', (field, value, message) => {
    const checked = checkRequestForm({ ...GOOD, [field]: value });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors)).toEqual([field]);
    expect(checked.errors[field as keyof typeof checked.errors]).toMatch(message);
  });

  it('accepts an international domain in its xn-- form', () => {
    expect(checkRequestForm({ ...GOOD, email: 'jose@xn--exmple-cua.org' }).ok).toBe(true);
  });

  // The account creator puts the username in a DN and the directory looks it up by filter.
  it.each(['frank,ou=admins', 'frank+cn=x', 'frank\\2c', 'frank*', 'f)(uid=*', 'f"q"', 'f<b>', 'f;x', 'f=x', 'f#x', 'f x'])(
    'refuses the DN or filter syntax in username %j',
    (username) => {
      const checked = checkRequestForm({ ...GOOD, username });
      expect(checked.ok ? null : checked.errors.username).toMatch(/lowercase letters/);
    },
  );

  it('refuses a file where text belongs', () => {
    const checked = checkRequestForm({ ...GOOD, reason: new File(['x'], 'x.txt') });
    expect(checked.ok ? null : checked.errors.reason).toBe('The reason must be text.');
  });

  it("keeps markup as typed: escaping is the renderer's job", () => {
    const checked = checkRequestForm({ ...GOOD, name: '<b>Frank</b>', reason: '<script>alert(1)</script>' });
    expect(checked.ok && checked.fields).toMatchObject({ name: '<b>Frank</b>', reason: '<script>alert(1)</script>' });
  });
});
