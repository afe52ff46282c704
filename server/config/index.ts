import type { z } from 'zod';
import type { LdapSettings } from '../directory/types.ts';
import { authentikJwtSettings } from './authentik-jwt.ts';
import { checkCombinations } from './combinations.ts';
import { fromEnvironment, VARIABLE_VALUES, type Env } from './env.ts';
import { VARIABLES } from './variables.ts';

export type { AuthentikJwtKey, AuthentikJwtMode, AuthentikJwtSettings } from './authentik-jwt.ts';

export type Mode = 'vanilla' | 'directory';
export type Identity = Env['IDENTITY'];

export interface EditorAccount {
  username: string;
  password: string;
}

/** A variable the combination rules require in this case (checkCombinations), so never missing here. */
function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('a variable checkCombinations requires is missing: the rules and toConfig disagree');
  return value;
}

/** The config made of variables that passed their schemas and the combination rules. */
function toConfig(env: Env) {
  const directory = env.LDAP_URL !== undefined || env.AUTHENTIK_URL !== undefined;
  const mode: Mode = directory ? 'directory' : 'vanilla';
  const config = {
    mode,
    /** Why that mode: the first log line says it. */
    modeReason: directory
      ? [env.LDAP_URL && 'LDAP_URL is set', env.AUTHENTIK_URL && 'AUTHENTIK_URL is set'].filter(Boolean).join(' and ')
      : 'neither LDAP_URL nor AUTHENTIK_URL is set: pure pass-through to the editor',
    host: env.HOST,
    port: env.PORT,
    /** The overlay as MediaMTX reaches it (OVERLAY_INTERNAL_URL, else derived from HOST and PORT). */
    overlayInternalUrl: env.OVERLAY_INTERNAL_URL ?? internalUrl(env.HOST, env.PORT),
    editorUrl: env.EDITOR_URL,
    editorAccounts: directory
      ? { admin: editorAccount(env.EDITOR_ADMIN_USER, env.EDITOR_ADMIN_PASSWORD), viewer: editorAccount(env.EDITOR_VIEWER_USER, env.EDITOR_VIEWER_PASSWORD) }
      : null,
    mediamtxApiUrl: env.MEDIAMTX_API_URL,
    /** Connection and layout; the role policy and cache TTL are added from the fields below. */
    ldap: ldapConnection(env),
    directoryCacheTtlMs: env.DIRECTORY_CACHE_TTL,
    authentik: env.AUTHENTIK_URL ? { url: env.AUTHENTIK_URL, token: env.AUTHENTIK_TOKEN ?? null } : null,
    /** Who writes group changes from the console: the Authentik API (URL and token set; wins), LDAP (DIRECTORY_WRITE=ldap), or nobody. */
    directoryWrite:
      env.AUTHENTIK_URL && env.AUTHENTIK_TOKEN ? ('authentik' as const) : env.DIRECTORY_WRITE === 'ldap' && env.LDAP_URL ? ('ldap' as const) : null,
    takPortalUrl: env.TAK_PORTAL_URL ?? env.TAKPORTAL_URL ?? null,
    /** SMTP_URL and SMTP_FROM: the relay the overlay's own email goes through; null = no email. */
    smtp: env.SMTP_URL ? { url: env.SMTP_URL, from: required(env.SMTP_FROM) } : null,
    /** Who is told about new access requests (ADMIN_EMAILS; empty without SMTP). */
    adminEmails: env.ADMIN_EMAILS ?? [],
    identity: env.IDENTITY,
    proxySecret: env.PROXY_SECRET ?? null,
    /** TRUSTED_PROXIES: reverse proxies whose X-Forwarded-For is read (see clientIp); empty = none. */
    trustedProxies: env.TRUSTED_PROXIES ?? [],
    /** IDENTITY=forward-auth: how X-Authentik-Jwt is verified (AUTHENTIK_JWT and friends). */
    authentikJwt: authentikJwtSettings(env),
    /** The public stream site; only the doctor uses it, to probe the reverse proxy. */
    streamUrl: env.STREAM_URL ?? null,
    groupPrefix: env.GROUP_PREFIX,
    adminGroups: env.ADMIN_GROUPS,
    requestAccessUrl: env.REQUEST_ACCESS_URL,
    defaultGroups: env.DEFAULT_GROUPS,
    storeUrl: env.STORE_URL ?? null,
    dataDir: env.DATA_DIR,
    rulesFile: env.RULES_FILE ?? null,
    /** ACTIVITY_RETENTION: how long the activity log keeps an entry. */
    activityRetentionMs: env.ACTIVITY_RETENTION,
    playbackTokenTtlMs: env.PLAYBACK_TOKEN_TTL,
    signingKeyRotationMs: env.SIGNING_KEY_ROTATION,
    mediamtxAuth: env.MEDIAMTX_AUTH,
    jwtTtlMs: env.JWT_TTL,
    jwtIssuer: env.JWT_ISSUER ?? null,
    jwtAudience: env.JWT_AUDIENCE ?? null,
    viewerShareLinks: env.VIEWER_SHARE_LINKS,
    mediamtxConfigFile: env.MEDIAMTX_CONFIG_FILE ?? null,
    publishGroups: env.PUBLISH_GROUPS ?? env.ADMIN_GROUPS,
    directoryGraceMs: env.DIRECTORY_GRACE,
    /** 0 = no automatic live revocation sweeps. */
    revocationIntervalMs: env.REVOCATION_INTERVAL,
    authAllowedIps: env.AUTH_ALLOWED_IPS ?? null,
    /** The reverse proxy in front of MediaMTX's HTTP servers, as MediaMTX's *TrustedProxies take it (IPs/CIDRs). */
    mediamtxTrustedProxies: env.MEDIAMTX_TRUSTED_PROXIES,
    sessionSecret: env.SESSION_SECRET ?? null,
    sessionTtlMs: env.SESSION_TTL,
    cookieSecure: env.COOKIE_SECURE,
    logLevel: env.LOG_LEVEL,
  };
  return deepFreeze(config);
}

function editorAccount(username: string | undefined, password: string | undefined): EditorAccount {
  return { username: required(username), password: required(password) };
}

function ldapConnection(env: Env): Omit<LdapSettings, 'groupPrefix' | 'adminGroups' | 'cacheTtlMs'> | null {
  if (!env.LDAP_URL) return null;
  return {
    url: env.LDAP_URL,
    bindDN: required(env.LDAP_BIND_DN),
    bindPassword: required(env.LDAP_BIND_PASSWORD),
    baseDN: env.LDAP_BASE_DN,
    userBase: env.LDAP_USER_BASE,
    groupBase: env.LDAP_GROUP_BASE,
    userAttr: env.LDAP_USER_ATTR,
    memberAttr: env.LDAP_MEMBER_ATTR,
    timeoutMs: env.LDAP_TIMEOUT,
  };
}

/**
 * The config's schema: the environment's object (env.ts, one field per variable of the table), the
 * rules between variables as its refinement (run even when some variables are invalid, so every
 * problem is reported at once), and the config built from it, frozen.
 */
const CONFIG_SCHEMA = VARIABLE_VALUES.superRefine(checkCombinations, { when: () => true }).transform(toConfig);

export type Config = z.output<typeof CONFIG_SCHEMA>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const EXAMPLE = new Map(VARIABLES.map((v) => [v.name, v.example]));

/**
 * One line per problem, naming the variable and its example: a variable's own schema problems
 * share a line (as its schema says them), each combination rule has its own.
 */
function problemLines(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: Array<{ name: string; what: string[]; combination: boolean }> = [];
  for (const issue of issues) {
    const name = String(issue.path[0]);
    const combination = issue.code === 'custom' && issue.params?.combination === true;
    const last = lines.at(-1);
    if (last && !combination && !last.combination && last.name === name) last.what.push(issue.message);
    else lines.push({ name, what: [issue.message], combination });
  }
  return lines.map(({ name, what }) => `${name}: ${what.join('; ')} (example: ${name}=${EXAMPLE.get(name)})`);
}

/** Reads and validates the environment; every bad value is reported, not just the first. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = CONFIG_SCHEMA.safeParse(fromEnvironment(env));
  if (!parsed.success) throw new ConfigError(problemLines(parsed.error.issues));
  return parsed.data;
}

/** A wildcard listen address is not one MediaMTX can call: it means this host, so loopback. */
function internalUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host;
  const bracketed = reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}`;
}

type DeepReadonly<T> = T extends readonly (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}
