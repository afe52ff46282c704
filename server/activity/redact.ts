/**
 * What the activity log must never keep: secrets. Closed by default: a key is secret when any word
 * of its name looks like one, even when that hides something harmless (a TLS key file's path, the
 * JWT claim name), and a value is judged by every key on its way down, so a list or an object
 * under a secret key (authInternalUsers[2].pass, pathDefaults.srtReadPassphrase) goes whole.
 *
 * The rule, as docs/security-model.md states it:
 * - a key is secret when one of its words (camelCase, snake_case, kebab-case) contains pass
 *   (password, passphrase, passwd), pwd, secret, token, credential, cookie or authorization, is
 *   pw, or is or ends in key (key, serverKey, apiKey, jwtClaimKey);
 * - runOn* hooks (runOnInit, runOnReady, ...) are shell commands that may carry credentials in
 *   any form (curl -u, an RTMP stream key): secret whole;
 * - in every other string: a URL's user:password@ (up to its last @, so a password with an
 *   unencoded / ? # or @ goes whole), a query parameter whose name is secret by the rule above
 *   (?passphrase=, &pwd=, _password= in an XMEye camera's path) or is jwt, the user and password
 *   of an SRT streamid (publish:path:user:pass, and the standard #!::u=user,s=pass), an RTMP URL's
 *   stream key (all after rtmp://host/app/), a legacy ICE server's turn:user:pass:host:port, and
 *   anything shaped like a JWT are replaced.
 */

export const REDACTED = '<redacted>';

const SECRET_WORD = /pass|pwd|secret|token|credential|cookie|authorization/;

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
  return words(name).some((word) => SECRET_WORD.test(word) || word.endsWith('key') || word === 'keys' || word === 'pw');
}

// Greedy to the last @ before a space: a password with an unencoded @ / ? or # in it goes whole
// (a URL with an @ further on, say in its query, loses more than its credentials: closed by default).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)\S*@/gi;
// A value runs to the next & or ;, over a #: the standard SRT streamid starts with one, unencoded.
// _ separates too: XMEye cameras take rtsp://host/user=admin_password=..._channel=1.
const QUERY_PARAM = /([?&;_])([^=&;#\s]+)=([^&;\s]*)/g;
// rtmp://host/app/streamkey: what follows the application is the stream key (YouTube, Twitch, Facebook).
const RTMP_STREAM_KEY = /\b(rtmps?:\/\/[^/\s?#]+\/[^/\s?#]+)\/\S+/gi;
// MediaMTX's deprecated webrtcICEServers entry: type:user:pass:host:port.
const LEGACY_ICE_SERVER = /^(stuns?|turns?):[^:\s]*:[^:\s]*:([^:\s]+:\d+)$/i;
// header.payload.signature, base64url, each of the first two a JSON object ({" is eyJ).
const JWT = /\beyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/** A string with the credentials a URL, an SRT streamid, an ICE server or a JWT can carry replaced. */
export function redactString(text: string): string {
  return text
    .replace(LEGACY_ICE_SERVER, `$1:${REDACTED}:$2`)
    .replace(JWT, REDACTED)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(RTMP_STREAM_KEY, `$1/${REDACTED}`)
    .replace(QUERY_PARAM, (whole, sep: string, name: string, value: string) => {
      const key = safeDecode(name);
      const lower = key.toLowerCase();
      if (isSecretKey(key) || lower === 'jwt') return `${sep}${name}=${REDACTED}`;
      if (lower === 'streamid') return `${sep}${name}=${redactStreamId(safeDecode(value), value)}`;
      return whole;
    });
}

/**
 * MediaMTX's streamid is action:path[:user:pass[:query]], or the standard #!::m=action,r=path,u=user,s=pass:
 * keep what and where, never who and with what.
 */
function redactStreamId(decoded: string, raw: string): string {
  if (decoded.startsWith('#!:')) {
    const pairs = decoded.slice(3).split(',');
    const kept = pairs.filter((pair) => /^:?[mr]=/.test(pair));
    return kept.length === pairs.length ? raw : `#!:${[...kept, REDACTED].join(',')}`;
  }
  const parts = decoded.split(':');
  if (parts.length <= 2) return raw;
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
