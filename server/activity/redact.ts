/**
 * What the activity log must never keep: secrets. Closed by default: a key is secret when any word
 * of its name looks like one, even when that hides something harmless (a TLS key file's path, the
 * JWT claim name), and a value is judged by every key on its way down, so a list or an object
 * under a secret key (authInternalUsers[2].pass, pathDefaults.srtReadPassphrase) goes whole.
 *
 * The rule, as docs/security-model.md states it:
 * - a key is secret when one of its words (camelCase, snake_case, kebab-case) contains pass
 *   (password, passphrase, passwd), secret, token, credential, cookie or authorization, or is or
 *   ends in key (key, serverKey, apiKey, jwtClaimKey);
 * - runOn* hooks (runOnInit, runOnReady, ...) are shell commands that may carry credentials in
 *   any form (curl -u, an RTMP stream key): secret whole;
 * - in every other string: a URL's user:password@, a query parameter whose name is secret by the
 *   rule above (?passphrase=, &pass=), and the user:pass part of an SRT streamid
 *   (publish:path:user:pass) are replaced.
 */

export const REDACTED = '<redacted>';

const SECRET_WORD = /pass|secret|token|credential|cookie|authorization/;

/** `srtReadPassphrase` → srt, read, passphrase; `authHTTPAddress` → auth, http, address. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSecretKey(name: string): boolean {
  if (/^runOn/i.test(name)) return true;
  return words(name).some((word) => SECRET_WORD.test(word) || word.endsWith('key') || word === 'keys');
}

// Greedy to the authority's last @: a password with an @ in it goes whole.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s?#]*@/gi;
const QUERY_PARAM = /([?&;])([^=&;#\s]+)=([^&;#\s]*)/g;

/** A string with the credentials a URL or an SRT streamid can carry replaced. */
export function redactString(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`).replace(QUERY_PARAM, (whole, sep: string, name: string, value: string) => {
    const key = safeDecode(name);
    if (isSecretKey(key)) return `${sep}${name}=${REDACTED}`;
    if (key.toLowerCase() === 'streamid') return `${sep}${name}=${redactStreamId(safeDecode(value), value)}`;
    return whole;
  });
}

/** MediaMTX's streamid is action:path[:user:pass[:query]]: keep what and where, never who and with what. */
function redactStreamId(decoded: string, raw: string): string {
  const parts = decoded.split(':');
  if (decoded.startsWith('#!::') || parts.length <= 2) return raw;
  return `${parts[0]}:${parts[1]}:${REDACTED}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A copy of `value` with every secret replaced: under secret keys whole, in strings by redactString. */
export function redactTree(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map(redactTree);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isSecretKey(key) ? REDACTED : redactTree(inner)]));
  }
  return value;
}
