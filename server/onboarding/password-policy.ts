/**
 * What a first password set through an overlay link must be. Length does most of the work
 * (NIST SP 800-63B: at least 12 here, no composition rules); the name and a short list of the
 * passwords people reach for first catch the obvious guesses. The directory may have its own
 * policy on top (OpenLDAP ppolicy), which the password write reports.
 */

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;

/** Compared without case. Short on purpose: the length rule already refuses most common passwords. */
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123123123123',
  '111111111111',
  '000000000000',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'password1!password1!',
  'qwertyuiop12',
  'qwertyuiopasdf',
  'qwerty123456',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'asdfghjkl123',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'changeme1234',
  'administrator',
  'admin1234567',
  'correcthorsebatterystaple',
  'trustno1trustno1',
  'football1234',
  'baseball1234',
  'superman1234',
  'mediamtx1234',
  'streaming123',
  'livestream123',
]);

export interface PolicyProblem {
  field: 'password' | 'repeat';
  message: string;
}

/** Every rule the password breaks, each with its own message; empty when it may be set. */
export function passwordProblems(password: string, repeat: string, username: string): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const length = [...password].length;
  const say = (message: string) => problems.push({ field: 'password', message });
  if (length < MIN_LENGTH) say(`must be at least ${MIN_LENGTH} characters long (it has ${length})`);
  if (length > MAX_LENGTH) say(`must be at most ${MAX_LENGTH} characters long`);
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) say('must not contain your username');
  if (COMMON.has(lower)) say('is one of the most common passwords; choose another');
  if (password !== repeat) problems.push({ field: 'repeat', message: 'does not match the password' });
  return problems;
}
