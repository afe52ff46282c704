/** The open form's fields: limits, patterns and per-field messages, checked on the server. */
import { z } from 'zod';
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

/** What is kept of a typed value: NFC, trimmed, and one case for the username and the email. */
function entered(field: FieldName) {
  const lower = field === 'username' || field === 'email';
  return (raw: string | undefined) => {
    const text = (raw ?? '').normalize('NFC').trim();
    return lower ? text.toLowerCase() : text;
  };
}

/** One field's checks, in the order its message is chosen: the first that fails is the one shown. */
function fieldSchema(field: FieldName) {
  const label = LABELS[field];
  const missing = MISSING[field];
  let text = missing ? z.string().min(1, missing) : z.string();
  text = text
    .max(LIMITS[field], { error: (iss) => `${label} can be at most ${LIMITS[field]} characters (it has ${(iss.input as string).length}).` })
    // The reason may span lines; nothing else may.
    .refine(
      (value) => !HIDDEN.test(field === 'reason' ? value.replace(/[\r\n\t]/g, ' ') : value),
      `${label} contains control or direction characters; please type it plainly.`,
    );
  if (field === 'username') text = text.regex(USERNAME_PATTERN, USERNAME_RULE);
  if (field === 'email') {
    text = text
      .regex(EMAIL_PATTERN, 'Enter one email address, like name@example.org.')
      .regex(ASCII_EMAIL, 'The email address can only use plain (ASCII) characters; write an international domain in its xn-- form.');
  }
  return z
    .string({ error: `${label} must be text.` })
    .optional()
    .transform(entered(field))
    .pipe(text);
}

const FORM = z.object({
  name: fieldSchema('name'),
  email: fieldSchema('email'),
  username: fieldSchema('username'),
  reason: fieldSchema('reason'),
  agency: fieldSchema('agency'),
});

/** What goes back into the form next to the messages; a value that is not text comes back empty. */
const enteredSchema = (field: FieldName) => z.string().optional().catch(undefined).transform(entered(field));
const ENTERED = z.object({
  name: enteredSchema('name'),
  email: enteredSchema('email'),
  username: enteredSchema('username'),
  reason: enteredSchema('reason'),
  agency: enteredSchema('agency'),
});

/** Checks a parsed form body; every field is checked, so the person sees every problem at once. */
export function checkRequestForm(form: Record<string, unknown>): FormCheck {
  const values = ENTERED.parse(form);
  const checked = FORM.safeParse(form);
  if (checked.success) {
    const { name, email, username, reason, agency } = checked.data;
    return { ok: true, values, fields: { name, email, username, reason, agency: agency || null } };
  }
  const errors: FieldErrors = {};
  for (const issue of checked.error.issues) {
    const field = FIELD_NAMES.find((name) => name === issue.path[0]);
    if (field) errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}
