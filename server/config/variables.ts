import { z } from 'zod';
import { ipAllowList } from '../http/ip-allow-list.ts';
import { parseNetwork } from '../mediamtx/internal-users/ip-networks.ts';

/**
 * Every environment variable the overlay reads, in one table: docs/configuration.md is printed from it
 * (`npm run config-table`), so the docs cannot drift from what the code accepts, and the config's
 * schema is built from it (env.ts), so neither can the config's type.
 */
export interface Variable {
  name: string;
  schema: z.ZodType;
  /** Shown in docs/configuration.md; `undefined` means "not set". */
  default?: string;
  example: string;
  doc: string;
}

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)?$/, 'must be a duration such as 500ms, 30s, 10m, 8h or 90d')
  .transform(toMilliseconds);

function toMilliseconds(text: string): number {
  const [, amount, unit = 'ms'] = /^(\d+)(ms|s|m|h|d)?$/.exec(text)!;
  const factor = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit]!;
  return Number(amount) * factor;
}

const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^/]+/.test(v) && URL.canParse(v), 'must be an http:// or https:// URL')
  .transform((v) => v.replace(/\/+$/, ''));

const ldapUrl = z.string().refine((v) => /^ldaps?:\/\/[^/]+/.test(v) && URL.canParse(v), 'must be an ldap:// or ldaps:// URL');

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** IPs and CIDRs the overlay itself matches callers against (node's BlockList, see ipAllowList). */
const ipList = list.superRefine((entries, ctx) => {
  try {
    ipAllowList(entries);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** IPs and CIDRs as MediaMTX reads them (Go's net package), for its *TrustedProxies settings. */
const trustedProxies = list.superRefine((entries, ctx) => {
  for (const entry of entries) {
    const network = parseNetwork(entry);
    if ('error' in network) ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or CIDR (MediaMTX takes no host names)` });
    // A proxy MediaMTX trusts chooses the client address it reports; trusting everyone lets anyone be 127.0.0.1.
    else if (network.prefix === 0)
      ctx.addIssue({ code: 'custom', message: `"${entry}" trusts every address: anyone could claim any address with X-Forwarded-For` });
  }
});

const port = z.coerce.number().int().min(1).max(65535);

/** The table with each entry's own types: env.ts builds the config's schema from it. */
export const VARIABLE_TABLE = [
  {
    name: 'HOST',
    schema: z.string().min(1),
    default: '127.0.0.1',
    example: '127.0.0.1',
    doc: 'Address the overlay listens on. Keep it on loopback or an internal network: only the reverse proxy should reach it.',
  },
  { name: 'PORT', schema: port, default: '8080', example: '8080', doc: 'Port the overlay listens on.' },
  {
    name: 'OVERLAY_INTERNAL_URL',
    schema: httpUrl,
    example: 'http://127.0.0.1:8080',
    doc: 'The overlay as MediaMTX reaches it, directly and not through the reverse proxy: npm run mediamtx-settings builds authHTTPAddress (<url>/auth/mediamtx) or authJWTJWKS (<url>/.well-known/jwks.json) from it. Unset: http://HOST:PORT, with 127.0.0.1 for HOST=0.0.0.0 and [::1] for HOST=::.',
  },
  { name: 'EDITOR_URL', schema: httpUrl, default: 'http://127.0.0.1:5080', example: 'http://127.0.0.1:5080', doc: 'The untouched vanilla editor.' },
  {
    name: 'EDITOR_ADMIN_USER',
    schema: z.string().min(1),
    example: 'overlay-admin',
    doc: 'Editor account with the admin role the overlay logs in as for directory admins (directory mode).',
  },
  { name: 'EDITOR_ADMIN_PASSWORD', schema: z.string().min(1), example: 'a-long-random-password', doc: 'Its password.' },
  {
    name: 'EDITOR_VIEWER_USER',
    schema: z.string().min(1),
    example: 'overlay-viewer',
    doc: 'Editor account with the viewer role the overlay logs in as for directory viewers (directory mode).',
  },
  { name: 'EDITOR_VIEWER_PASSWORD', schema: z.string().min(1), example: 'another-long-password', doc: 'Its password.' },
  { name: 'MEDIAMTX_API_URL', schema: httpUrl, default: 'http://127.0.0.1:9898', example: 'http://127.0.0.1:9898', doc: 'MediaMTX control API.' },
  {
    name: 'LDAP_URL',
    schema: ldapUrl,
    example: 'ldap://127.0.0.1:389',
    doc: 'Directory to read users and groups from. Setting it (or AUTHENTIK_URL) turns directory mode on.',
  },
  {
    name: 'LDAP_BIND_DN',
    schema: z.string().min(1),
    example: 'cn=svc-overlay,ou=users,DC=ldap,DC=goauthentik,DC=io',
    doc: 'Service account that searches the directory (Authentik: give it "Search full LDAP directory").',
  },
  { name: 'LDAP_BIND_PASSWORD', schema: z.string().min(1), example: 'service-account-password', doc: 'Its password.' },
  {
    name: 'LDAP_BASE_DN',
    schema: z.string().min(1),
    default: 'DC=ldap,DC=goauthentik,DC=io',
    example: 'dc=example,dc=org',
    doc: 'Directory base (Authentik outpost default).',
  },
  { name: 'LDAP_USER_BASE', schema: z.string().min(1), default: 'ou=users,<LDAP_BASE_DN>', example: 'ou=people,dc=example,dc=org', doc: 'Where users live.' },
  {
    name: 'LDAP_GROUP_BASE',
    schema: z.string().min(1),
    default: 'ou=groups,<LDAP_BASE_DN>',
    example: 'ou=groups,dc=example,dc=org',
    doc: 'Where groups live.',
  },
  {
    name: 'LDAP_USER_ATTR',
    schema: z.string().regex(/^[A-Za-z][\w-]*$/, 'must be an attribute name'),
    default: 'cn',
    example: 'uid',
    doc: 'Attribute holding the login name: cn (Authentik), uid (OpenLDAP), sAMAccountName (AD).',
  },
  {
    name: 'LDAP_MEMBER_ATTR',
    schema: z.string().regex(/^[A-Za-z][\w-]*$/, 'must be an attribute name'),
    default: 'member',
    example: 'member',
    doc: 'Group attribute that lists member DNs.',
  },
  { name: 'LDAP_TIMEOUT', schema: duration, default: '5s', example: '5s', doc: 'Connect and operation timeout for LDAP.' },
  {
    name: 'DIRECTORY_CACHE_TTL',
    schema: duration,
    default: '60s',
    example: '60s',
    doc: "How long a user's groups are cached before the directory is asked again.",
  },
  { name: 'AUTHENTIK_URL', schema: httpUrl, example: 'https://auth.example.org', doc: 'Authentik server. Setting it (or LDAP_URL) turns directory mode on.' },
  { name: 'AUTHENTIK_TOKEN', schema: z.string().min(1), example: 'ak-api-token', doc: 'Authentik API token (used by the Users tab and checks).' },
  {
    name: 'AUTHENTIK_JWT',
    schema: z.enum(['require', 'if-present', 'off']),
    default: 'if-present',
    example: 'require',
    doc: "IDENTITY=forward-auth: the signed X-Authentik-Jwt that Authentik's outpost sends and caddy/Caddyfile copies. require = every request needs one that verifies; if-present = one that arrives must verify; off = ignored. A verified token's preferred_username and groups must equal X-Authentik-Username and X-Authentik-Groups. Verifying needs AUTHENTIK_CLIENT_SECRET or AUTHENTIK_APP_SLUG; if-present with neither checks nothing (the log and the doctor say so).",
  },
  {
    name: 'AUTHENTIK_APP_SLUG',
    schema: z.string().regex(/^[-\w]+$/, 'must be an application slug (letters, digits, - and _)'),
    example: 'streams',
    doc: "Slug of the stream site's application in Authentik (needs AUTHENTIK_URL). The JWT's issuer is then <AUTHENTIK_URL>/application/o/<slug>/ and, without AUTHENTIK_CLIENT_SECRET, its keys are read from <AUTHENTIK_URL>/application/o/<slug>/jwks/ (cached; read again for an unknown key id). Only a provider with a signing key publishes keys there.",
  },
  {
    name: 'AUTHENTIK_JWT_ISSUER',
    schema: z.string().refine((v) => /^https?:\/\/[^/]+/.test(v) && URL.canParse(v), 'must be an http:// or https:// URL'),
    example: 'https://auth.example.org/application/o/streams/',
    doc: "The JWT's iss, exactly, when Authentik's public address differs from AUTHENTIK_URL (Authentik writes the address its outpost reached it by). Unset: <AUTHENTIK_URL>/application/o/<AUTHENTIK_APP_SLUG>/, or not checked without a slug.",
  },
  {
    name: 'AUTHENTIK_CLIENT_ID',
    schema: z.string().min(1),
    example: 'Wq3Yy0aC6bQ2rV7kq1mA',
    doc: "The proxy provider's Client ID, which Authentik writes into the JWT's aud: a token Authentik issued for another application is then refused. Unset: aud is not checked.",
  },
  {
    name: 'AUTHENTIK_CLIENT_SECRET',
    schema: z.string().min(16, 'must be at least 16 characters'),
    example: "the proxy provider's client_secret",
    doc: "The proxy provider's client secret. Authentik's proxy providers have no signing key: they sign X-Authentik-Jwt with HS256 and this secret, and their JWKS is empty. Authentik hands it to outposts only (GET /api/v3/outposts/proxy/ with the outpost's token). Set: the JWT is verified with it (HS256 only) instead of the JWKS.",
  },
  {
    name: 'DIRECTORY_WRITE',
    schema: z.enum(['ldap']),
    example: 'ldap',
    doc: "ldap = the console's Users and Groups panels write group membership (member) and new groups (groupOfNames) straight into LDAP_GROUP_BASE, and approved access requests become entries under LDAP_USER_BASE with a one-time set-password link, as the LDAP_BIND_DN service account, which then needs write access to both (userPassword included). Not for Authentik's outpost, which is read-only: with AUTHENTIK_URL and AUTHENTIK_TOKEN set, writes go through the Authentik API instead (that wins over ldap). Unset and no Authentik token: the directory is read-only.",
  },
  {
    name: 'TAK_PORTAL_URL',
    schema: httpUrl,
    example: 'https://portal.example.org',
    doc: 'TAK Portal, when it is deployed: the console links to it for people and TAK groups. Unset: no link.',
  },
  {
    name: 'TAKPORTAL_URL',
    schema: httpUrl,
    example: 'https://portal.example.org',
    doc: 'Another name for TAK_PORTAL_URL (the spelling TAK Portal setups use); setting both to different addresses is an error.',
  },
  {
    name: 'IDENTITY',
    schema: z.enum(['forward-auth', 'ldap-login']),
    default: 'forward-auth',
    example: 'ldap-login',
    doc: "Who says who the user is: Authentik forward auth headers, or the overlay's own LDAP login page.",
  },
  {
    name: 'PROXY_SECRET',
    schema: z.string().min(16, 'must be at least 16 characters'),
    example: 'output of: openssl rand -hex 32',
    doc: 'Shared with the reverse proxy, which sends it as X-Overlay-Proxy-Secret. Required for forward-auth.',
  },
  {
    name: 'TRUSTED_PROXIES',
    schema: ipList,
    example: '127.0.0.1,::1',
    doc: 'Addresses or CIDRs of the reverse proxies in front of the overlay. Their X-Forwarded-For is read from the right, past these addresses, for the client address that failure limits count (sign-in page, open forms), as it is for requests carrying PROXY_SECRET. Unset: only PROXY_SECRET is believed; with a proxy in front set one of the two, or every visitor counts as the proxy.',
  },
  {
    name: 'STREAM_URL',
    schema: httpUrl,
    example: 'https://stream.example.org',
    doc: 'The public stream site (the reverse proxy in front of the overlay). Only `npm run doctor` reads it: it sends forged identity headers there to check that the proxy strips them. Unset: that check is skipped.',
  },
  {
    name: 'GROUP_PREFIX',
    schema: z.string().min(1),
    default: 'vid_',
    example: 'vid_',
    doc: 'Directory groups with this prefix are stream groups (viewer role). Group names and the prefix compare without letter case, as LDAP compares them; tak_* groups never count.',
  },
  {
    name: 'ADMIN_GROUPS',
    schema: list.pipe(z.array(z.string()).min(1, 'must name at least one group')),
    default: 'vid_admin,authentik Admins',
    example: 'vid_admin,authentik Admins',
    doc: 'Members of any of these get the full console (names compare without letter case).',
  },
  {
    name: 'REQUEST_ACCESS_URL',
    schema: z.string().min(1),
    default: '/request-access',
    example: 'https://portal.example.org/request-access',
    doc: 'Link shown to signed-in users without stream access.',
  },
  {
    name: 'SMTP_URL',
    schema: z.string().refine((v) => /^smtps?:\/\/[^/]+/.test(v) && URL.canParse(v), 'must be an smtp:// or smtps:// URL'),
    example: 'smtps://user:pass@relay.example.org:465',
    doc: "SMTP relay (a nodemailer transport URL, e.g. smtp://relay:25) through which ADMIN_EMAILS are told about new access requests. Needs ADMIN_EMAILS and SMTP_FROM. The editor's own email settings are never used. Unset: no email; requests are listed in the console.",
  },
  {
    name: 'SMTP_FROM',
    schema: z
      .string()
      .regex(/^[^\s@<>]+@[^\s@<>]+$|^[^<>@]*<[^\s@<>]+@[^\s@<>]+>$/, 'must be an email address, optionally with a name: Streams <streams@example.org>'),
    example: 'Streams <streams@example.org>',
    doc: "Sender of the overlay's email (required with SMTP_URL).",
  },
  {
    name: 'ADMIN_EMAILS',
    schema: list.pipe(
      z.array(z.string().regex(/^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/, 'must be email addresses separated by commas')).min(1, 'must name at least one address'),
    ),
    example: 'ops@example.org,lead@example.org',
    doc: 'Who is emailed about new access requests (needs SMTP_URL).',
  },
  {
    name: 'SESSION_SECRET',
    schema: z.string().min(32, 'must be at least 32 characters'),
    example: 'output of: openssl rand -hex 32',
    doc: 'Signs ldap-login session cookies. Unset: a random one per start (everyone signs in again after a restart).',
  },
  { name: 'SESSION_TTL', schema: duration, default: '8h', example: '8h', doc: 'Lifetime of an ldap-login session.' },
  {
    name: 'COOKIE_SECURE',
    schema: z.enum(['auto', 'true', 'false']),
    default: 'auto',
    example: 'true',
    doc: 'Secure flag on the session cookie; auto = when the request came over https (X-Forwarded-Proto from the trusted proxy).',
  },
  {
    name: 'DEFAULT_GROUPS',
    schema: list,
    default: 'vid_public,vid_private',
    example: 'vid_public,vid_private',
    doc: 'Who may see a path that no rule matches (every group must carry GROUP_PREFIX). Admins see every path.',
  },
  {
    name: 'STORE_URL',
    schema: z.string().regex(/^rediss?:\/\/[^/]+/, 'must be a redis:// or rediss:// URL'),
    example: 'redis://127.0.0.1:6379/0',
    doc: 'Shared state (rules, signing keys, sessions) in Redis, so several overlay instances agree. Unset: a SQLite file under DATA_DIR.',
  },
  {
    name: 'DATA_DIR',
    schema: z.string().min(1),
    default: './data',
    example: '/var/lib/mediamtx-ldap-overlay',
    doc: 'Where the embedded SQLite store lives when STORE_URL is unset.',
  },
  {
    name: 'ACTIVITY_RETENTION',
    schema: duration.pipe(z.number().min(3_600_000, 'must be at least 1h')),
    default: '90d',
    example: '365d',
    doc: 'How long the activity log keeps who changed what (editor changes, rules, access decisions, group changes, MediaMTX settings); older entries are pruned in the background. Every entry is also one JSON log line (msg "activity") for a log collector to keep longer.',
  },
  {
    name: 'RULES_FILE',
    schema: z.string().min(1),
    example: './rules.yaml',
    doc: 'YAML or JSON rules that seed an empty store at first start (rules as code).',
  },
  {
    name: 'PLAYBACK_TOKEN_TTL',
    schema: duration,
    default: '1h',
    example: '30m',
    doc: "Lifetime of a viewer's playback token. MediaMTX checks it when a playback session starts; a running session is not cut when it expires.",
  },
  {
    name: 'SIGNING_KEY_ROTATION',
    schema: duration,
    default: '24h',
    example: '12h',
    doc: 'How often the playback and JWT signing keys are replaced; the previous key stays valid for one more period. With MEDIAMTX_AUTH=jwt at least 2h: each JWT key is published a whole period before it signs, and MediaMTX re-reads the JWKS only hourly.',
  },
  {
    name: 'MEDIAMTX_AUTH',
    schema: z.enum(['http', 'jwt']),
    default: 'http',
    example: 'jwt',
    doc: 'How MediaMTX checks readers: http = it asks the overlay (authMethod: http, /auth/mediamtx); jwt = it verifies JWTs the overlay signs against /.well-known/jwks.json (authMethod: jwt), and the player credential becomes such a JWT.',
  },
  {
    name: 'JWT_TTL',
    schema: duration.pipe(z.number().min(1_000, 'must be at least 1s')),
    default: '10m',
    example: '5m',
    doc: 'Lifetime of a MediaMTX JWT (MEDIAMTX_AUTH=jwt). Its permissions are fixed when it is issued and MediaMTX checks it only when a session starts, so keep it short.',
  },
  {
    name: 'JWT_ISSUER',
    schema: z.string().min(1),
    example: 'https://streams.example.org',
    doc: "iss of the MediaMTX JWTs; set MediaMTX's authJWTIssuer to the same. Unset: no iss.",
  },
  {
    name: 'JWT_AUDIENCE',
    schema: z.string().min(1),
    example: 'mediamtx',
    doc: "aud of the MediaMTX JWTs; set MediaMTX's authJWTAudience to the same. Unset: no aud.",
  },
  {
    name: 'VIEWER_SHARE_LINKS',
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    default: 'true',
    example: 'false',
    doc: 'Whether viewers may create share links (only ever for streams they can see).',
  },
  {
    name: 'MEDIAMTX_CONFIG_FILE',
    schema: z.string().min(1),
    example: '/usr/local/etc/mediamtx.yml',
    doc: "MediaMTX's config file: its authInternalUsers are evaluated by the auth endpoint with MediaMTX's own semantics (reloaded when the file changes). Unset: no internal users.",
  },
  {
    name: 'PUBLISH_GROUPS',
    schema: list.pipe(z.array(z.string()).min(1, 'must name at least one group')),
    example: 'vid_admin,vid_publishers',
    doc: "Directory groups whose members may publish (internal users may too, as MediaMTX's config says). Unset: the ADMIN_GROUPS.",
  },
  {
    name: 'DIRECTORY_GRACE',
    schema: duration,
    default: '10m',
    example: '10m',
    doc: 'While the directory is unreachable, what the auth endpoint learnt within this long still counts; then it denies.',
  },
  {
    name: 'REVOCATION_INTERVAL',
    schema: duration,
    default: '2s',
    example: '5s',
    doc: 'How often running MediaMTX sessions are re-checked against the rules and the directory; a viewer who lost access is kicked (rule changes trigger a check at once). 0 turns live revocation off.',
  },
  {
    name: 'AUTH_ALLOWED_IPS',
    schema: ipList,
    example: '127.0.0.1,::1',
    doc: "Addresses or CIDRs allowed to call /auth/mediamtx (MediaMTX's). Unset: any caller that can reach the overlay.",
  },
  {
    name: 'MEDIAMTX_TRUSTED_PROXIES',
    schema: trustedProxies,
    default: '127.0.0.1,::1',
    example: '10.213.37.10',
    doc: "Addresses or CIDRs of the reverse proxy in front of MediaMTX's HLS, WebRTC and playback servers (Caddy's /hls-proxy/). npm run mediamtx-settings sets hlsTrustedProxies, webrtcTrustedProxies and playbackTrustedProxies to them, so MediaMTX reports each reader's own address and not the proxy's; the doctor fails when an internal user lets anyone in from such an address that MediaMTX does not treat as a proxy. List the proxy only: a client inside a trusted network could claim any address.",
  },
  {
    name: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    example: 'debug',
    doc: 'Log verbosity (JSON lines on stdout). The activity log writes its lines at info: warn or above leaves them out (the stored entries are kept either way).',
  },
] as const satisfies readonly Variable[];

/** The same table, as the docs, .env.example and the scripts read it. */
export const VARIABLES: readonly Variable[] = VARIABLE_TABLE;
