/** The open form's fields: limits, patterns and per-field messages, checked on the server. */
import type { RequestFields } from './types.ts';

export type FieldName = keyof RequestFields;
export type FieldErrors = Partial<Record<FieldName, string>>;
/** What the person typed (trimmed), to put back into the form next to the messages. */
export type EnteredValues = Record<FieldName, string>;

const FIELD_NAMES: readonly FieldName[] = ['name', 'email', 'username', 'reason', 'agency'];

export const LIMITS: Readonly<Record<FieldName, number>> = { name: 100, email: 254, username: 64, reason: 1000, agency: 100 };

/** Safe in an LDAP DN, in Authentik, in a URL and in the groups header, and one case only. */
const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{1,31}$/;
const USERNAME_RULE = 'Usernames are 2 to 32 characters: lowercase letters, digits, ".", "_" or "-", starting with a letter.';

/** One address, no display name or comments: what a directory's mail attribute holds. */
const EMAIL_PATTERN = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\].]+(?:\.[^\s@<>()",;:\\[\].]+)+$/;
/** LDAP's mail attribute is IA5 (ASCII): slapd refuses anything else, so approving would fail. */
const ASCII_EMAIL = /^[\x21-\x7e]+$/;

/** Control characters, and bidi overrides that would make a name read differently in the admin's list. */
const HIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

const LABELS: Readonly<Record<FieldName, string>> = {
  name: 'Your name',
  email: 'The email address',
  username: 'The username',
  reason: 'The reason',
  agency: 'The agency',
};

const MISSING: Readonly<Partial<Record<FieldName, string>>> = {
  name: 'Enter your full name.',
  email: 'Enter your email address.',
  username: 'Choose a username.',
  reason: 'Tell the administrators why you need access.',
};

export type FormCheck = { ok: true; fields: RequestFields; values: EnteredValues } | { ok: false; errors: FieldErrors; values: EnteredValues };

/** Checks a parsed form body; every field is checked, so the person sees every problem at once. */
export function checkRequestForm(form: Record<string, unknown>): FormCheck {
  const values = {} as EnteredValues;
  const errors: FieldErrors = {};
  for (const field of FIELD_NAMES) {
    const raw = form[field];
    if (raw !== undefined && typeof raw !== 'string') {
      values[field] = '';
      errors[field] = `${LABELS[field]} must be text.`;
      continue;
    }
    const text = (raw ?? '').normalize('NFC').trim();
    values[field] = field === 'username' || field === 'email' ? text.toLowerCase() : text;
    const problem = checkField(field, values[field]);
    if (problem) errors[field] = problem;
  }
  if (Object.keys(errors).length) return { ok: false, errors, values };
  const { name, email, username, reason, agency } = values;
  return { ok: true, values, fields: { name, email, username, reason, agency: agency || null } };
}

function checkField(field: FieldName, text: string): string | null {
  if (!text) return MISSING[field] ?? null;
  if (text.length > LIMITS[field]) return `${LABELS[field]} can be at most ${LIMITS[field]} characters (it has ${text.length}).`;
  // The reason may span lines; nothing else may.
  const visible = field === 'reason' ? text.replace(/[\r\n\t]/g, ' ') : text;
  if (HIDDEN.test(visible)) return `${LABELS[field]} contains control or direction characters; please type it plainly.`;
  if (field === 'username' && !USERNAME_PATTERN.test(text)) return USERNAME_RULE;
  if (field === 'email' && !EMAIL_PATTERN.test(text)) return 'Enter one email address, like name@example.org.';
  if (field === 'email' && !ASCII_EMAIL.test(text)) return 'The email address can only use plain (ASCII) characters; write an international domain in its xn-- form.';
  return null;
}
