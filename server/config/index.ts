import type { LdapSettings } from '../directory/types.ts';
import { ipAllowList } from '../http/ip-allow-list.ts';
import { isStreamGroup } from '../policy/groups.ts';
import { readAuthentikJwt, type AuthentikJwtSettings } from './authentik-jwt.ts';
import { VARIABLES } from './variables.ts';

export type { AuthentikJwtKey, AuthentikJwtMode, AuthentikJwtSettings } from './authentik-jwt.ts';

export type Mode = 'vanilla' | 'directory';
export type Identity = 'forward-auth' | 'ldap-login';

export interface Config {
  mode: Mode;
  /** Why that mode: the first log line says it. */
  modeReason: string;
  host: string;
  port: number;
  /** The overlay as MediaMTX reaches it (OVERLAY_INTERNAL_URL, else derived from HOST and PORT). */
  overlayInternalUrl: string;
  editorUrl: string;
  editorAccounts: { admin: EditorAccount; viewer: EditorAccount } | null;
  mediamtxApiUrl: string;
  /** Connection and layout; the role policy and cache TTL are added from the fields below. */
  ldap: Omit<LdapSettings, 'groupPrefix' | 'adminGroups' | 'cacheTtlMs'> | null;
  directoryCacheTtlMs: number;
  authentik: { url: string; token: string | null } | null;
  /** Who writes group changes from the console: the Authentik API (URL and token set; wins), LDAP (DIRECTORY_WRITE=ldap), or nobody. */
  directoryWrite: 'authentik' | 'ldap' | null;
  takPortalUrl: string | null;
  /** SMTP_URL and SMTP_FROM: the relay the overlay's own email goes through; null = no email. */
  smtp: { url: string; from: string } | null;
  /** Who is told about new access requests (ADMIN_EMAILS; empty without SMTP). */
  adminEmails: readonly string[];
  identity: Identity;
  proxySecret: string | null;
  /** TRUSTED_PROXIES: reverse proxies whose X-Forwarded-For is read (see clientIp); empty = none. */
  trustedProxies: readonly string[];
  /** IDENTITY=forward-auth: how X-Authentik-Jwt is verified (AUTHENTIK_JWT and friends). */
  authentikJwt: AuthentikJwtSettings;
  /** The public stream site; only the doctor uses it, to probe the reverse proxy. */
  streamUrl: string | null;
  groupPrefix: string;
  adminGroups: readonly string[];
  requestAccessUrl: string;
  defaultGroups: readonly string[];
  storeUrl: string | null;
  dataDir: string;
  rulesFile: string | null;
  playbackTokenTtlMs: number;
  signingKeyRotationMs: number;
  mediamtxAuth: 'http' | 'jwt';
  jwtTtlMs: number;
  jwtIssuer: string | null;
  jwtAudience: string | null;
  viewerShareLinks: boolean;
  mediamtxConfigFile: string | null;
  publishGroups: readonly string[];
  directoryGraceMs: number;
  /** 0 = no automatic live revocation sweeps. */
  revocationIntervalMs: number;
  authAllowedIps: readonly string[] | null;
  /** The reverse proxy in front of MediaMTX's HTTP servers, as MediaMTX's *TrustedProxies take it (IPs/CIDRs). */
  mediamtxTrustedProxies: readonly string[];
  sessionSecret: string | null;
  sessionTtlMs: number;
  cookieSecure: 'auto' | 'true' | 'false';
  logLevel: string;
}

export interface EditorAccount {
  username: string;
  password: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const EXAMPLE = new Map(VARIABLES.map((v) => [v.name, v.example]));

function problem(name: string, what: string): string {
  return `${name}: ${what} (example: ${name}=${EXAMPLE.get(name)})`;
}

/** Reads and validates the environment; every bad value is reported, not just the first. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const variable of VARIABLES) {
    const raw = env[variable.name]?.trim();
    const text = raw === undefined || raw === '' ? defaultFor(variable.name, variable.default, env) : raw;
    if (text === undefined) continue;
    const parsed = variable.schema.safeParse(text);
    if (parsed.success) values[variable.name] = parsed.data;
    else problems.push(problem(variable.name, parsed.error.issues.map((i) => i.message).join('; ')));
  }
  const get = <T>(name: string) => values[name] as T | undefined;

  const ldapUrl = get<string>('LDAP_URL');
  const authentikUrl = get<string>('AUTHENTIK_URL');
  const directory = Boolean(env.LDAP_URL?.trim() || env.AUTHENTIK_URL?.trim());
  const mode: Mode = directory ? 'directory' : 'vanilla';
  const modeReason = directory
    ? [env.LDAP_URL?.trim() && 'LDAP_URL is set', env.AUTHENTIK_URL?.trim() && 'AUTHENTIK_URL is set'].filter(Boolean).join(' and ')
    : 'neither LDAP_URL nor AUTHENTIK_URL is set: pure pass-through to the editor';
  const identity = get<Identity>('IDENTITY') ?? 'forward-auth';

  const requireVar = (name: string, why: string) => {
    if (values[name] === undefined && !problems.some((p) => p.startsWith(`${name}:`))) problems.push(problem(name, `required ${why}`));
  };
  if (directory) {
    for (const name of ['EDITOR_ADMIN_USER', 'EDITOR_ADMIN_PASSWORD', 'EDITOR_VIEWER_USER', 'EDITOR_VIEWER_PASSWORD']) {
      requireVar(name, 'in directory mode (the overlay logs the editor in with these accounts)');
    }
    if (identity === 'forward-auth') requireVar('PROXY_SECRET', 'when IDENTITY=forward-auth (identity headers are trusted only with it)');
    if (identity === 'ldap-login') requireVar('LDAP_URL', 'when IDENTITY=ldap-login');
  }
  if (env.LDAP_URL?.trim()) {
    requireVar('LDAP_BIND_DN', 'when LDAP_URL is set (the service account that searches users and groups)');
    requireVar('LDAP_BIND_PASSWORD', 'when LDAP_URL is set');
  }
  const prefix = get<string>('GROUP_PREFIX');
  const stray = prefix ? (get<string[]>('DEFAULT_GROUPS') ?? []).filter((g) => !isStreamGroup({ groupPrefix: prefix }, g)) : [];
  if (stray.length) problems.push(problem('DEFAULT_GROUPS', `every group must start with GROUP_PREFIX "${prefix}"; not: ${stray.join(', ')}`));
  const ttl = get<number>('PLAYBACK_TOKEN_TTL');
  const rotation = get<number>('SIGNING_KEY_ROTATION');
  if (ttl !== undefined && rotation !== undefined && rotation < ttl) {
    problems.push(problem('SIGNING_KEY_ROTATION', 'must be at least PLAYBACK_TOKEN_TTL, or tokens would outlive the key that signed them'));
  }
  if (get<string>('MEDIAMTX_AUTH') === 'jwt') checkJwtTiming(get<number>('JWT_TTL'), rotation, problems);
  for (const name of ['AUTH_ALLOWED_IPS', 'TRUSTED_PROXIES']) {
    try {
      ipAllowList(get<string[]>(name) ?? []);
    } catch (error) {
      problems.push(problem(name, (error as Error).message));
    }
  }
  if (env.AUTHENTIK_TOKEN?.trim() && !env.AUTHENTIK_URL?.trim()) requireVar('AUTHENTIK_URL', 'when AUTHENTIK_TOKEN is set');
  if (get<string>('DIRECTORY_WRITE') === 'ldap') requireVar('LDAP_URL', 'when DIRECTORY_WRITE=ldap (the group entries it writes live there)');
  if (env.SMTP_URL?.trim()) {
    requireVar('ADMIN_EMAILS', 'when SMTP_URL is set (who is emailed about new access requests)');
    requireVar('SMTP_FROM', 'when SMTP_URL is set (the sender of that email)');
  }
  if (env.ADMIN_EMAILS?.trim()) requireVar('SMTP_URL', 'when ADMIN_EMAILS is set (the relay that email goes through)');
  const [takPortal, takPortalAlias] = [get<string>('TAK_PORTAL_URL'), get<string>('TAKPORTAL_URL')];
  if (takPortal && takPortalAlias && takPortal !== takPortalAlias) {
    problems.push(problem('TAKPORTAL_URL', `names another address than TAK_PORTAL_URL (${takPortal}); set one of them`));
  }
  const authentikJwt = readAuthentikJwt(get, identity, problem, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const baseDN = get<string>('LDAP_BASE_DN')!;
  const config: Config = {
    mode,
    modeReason,
    host: get<string>('HOST')!,
    port: get<number>('PORT')!,
    overlayInternalUrl: get<string>('OVERLAY_INTERNAL_URL') ?? internalUrl(get<string>('HOST')!, get<number>('PORT')!),
    editorUrl: get<string>('EDITOR_URL')!,
    editorAccounts: directory
      ? {
          admin: { username: get<string>('EDITOR_ADMIN_USER')!, password: get<string>('EDITOR_ADMIN_PASSWORD')! },
          viewer: { username: get<string>('EDITOR_VIEWER_USER')!, password: get<string>('EDITOR_VIEWER_PASSWORD')! },
        }
      : null,
    mediamtxApiUrl: get<string>('MEDIAMTX_API_URL')!,
    ldap: ldapUrl
      ? {
          url: ldapUrl,
          bindDN: get<string>('LDAP_BIND_DN')!,
          bindPassword: get<string>('LDAP_BIND_PASSWORD')!,
          baseDN,
          userBase: get<string>('LDAP_USER_BASE')!,
          groupBase: get<string>('LDAP_GROUP_BASE')!,
          userAttr: get<string>('LDAP_USER_ATTR')!,
          memberAttr: get<string>('LDAP_MEMBER_ATTR')!,
          timeoutMs: get<number>('LDAP_TIMEOUT')!,
        }
      : null,
    directoryCacheTtlMs: get<number>('DIRECTORY_CACHE_TTL')!,
    authentik: authentikUrl ? { url: authentikUrl, token: get<string>('AUTHENTIK_TOKEN') ?? null } : null,
    directoryWrite: authentikUrl && get<string>('AUTHENTIK_TOKEN') ? 'authentik' : get<string>('DIRECTORY_WRITE') === 'ldap' && ldapUrl ? 'ldap' : null,
    takPortalUrl: takPortal ?? takPortalAlias ?? null,
    smtp: get<string>('SMTP_URL') ? { url: get<string>('SMTP_URL')!, from: get<string>('SMTP_FROM')! } : null,
    adminEmails: get<string[]>('ADMIN_EMAILS') ?? [],
    identity,
    proxySecret: get<string>('PROXY_SECRET') ?? null,
    trustedProxies: get<string[]>('TRUSTED_PROXIES') ?? [],
    authentikJwt,
    streamUrl: get<string>('STREAM_URL') ?? null,
    groupPrefix: get<string>('GROUP_PREFIX')!,
    adminGroups: Object.freeze(get<string[]>('ADMIN_GROUPS')!),
    requestAccessUrl: get<string>('REQUEST_ACCESS_URL')!,
    defaultGroups: get<string[]>('DEFAULT_GROUPS')!,
    storeUrl: get<string>('STORE_URL') ?? null,
    dataDir: get<string>('DATA_DIR')!,
    rulesFile: get<string>('RULES_FILE') ?? null,
    playbackTokenTtlMs: get<number>('PLAYBACK_TOKEN_TTL')!,
    signingKeyRotationMs: get<number>('SIGNING_KEY_ROTATION')!,
    mediamtxAuth: get<Config['mediamtxAuth']>('MEDIAMTX_AUTH')!,
    jwtTtlMs: get<number>('JWT_TTL')!,
    jwtIssuer: get<string>('JWT_ISSUER') ?? null,
    jwtAudience: get<string>('JWT_AUDIENCE') ?? null,
    viewerShareLinks: get<boolean>('VIEWER_SHARE_LINKS')!,
    mediamtxConfigFile: get<string>('MEDIAMTX_CONFIG_FILE') ?? null,
    publishGroups: get<string[]>('PUBLISH_GROUPS') ?? get<string[]>('ADMIN_GROUPS')!,
    directoryGraceMs: get<number>('DIRECTORY_GRACE')!,
    revocationIntervalMs: get<number>('REVOCATION_INTERVAL')!,
    authAllowedIps: get<string[]>('AUTH_ALLOWED_IPS') ?? null,
    mediamtxTrustedProxies: get<string[]>('MEDIAMTX_TRUSTED_PROXIES')!,
    sessionSecret: get<string>('SESSION_SECRET') ?? null,
    sessionTtlMs: get<number>('SESSION_TTL')!,
    cookieSecure: get<Config['cookieSecure']>('COOKIE_SECURE')!,
    logLevel: get<string>('LOG_LEVEL')!,
  };
  return deepFreeze(config);
}

/** MediaMTX re-reads the JWKS at most hourly; a key published one period ahead must be there by then. */
const MIN_JWT_ROTATION_MS = 2 * 3_600_000;

function checkJwtTiming(ttl: number | undefined, rotation: number | undefined, problems: string[]): void {
  if (rotation === undefined) return;
  if (rotation < MIN_JWT_ROTATION_MS) {
    problems.push(problem('SIGNING_KEY_ROTATION', 'must be at least 2h with MEDIAMTX_AUTH=jwt: MediaMTX re-reads the JWKS only hourly, so each key is published a whole period before it signs'));
  } else if (ttl !== undefined && rotation < ttl) {
    problems.push(problem('SIGNING_KEY_ROTATION', 'must be at least JWT_TTL, or JWTs would outlive the key that signed them'));
  }
}

/** A wildcard listen address is not one MediaMTX can call: it means this host, so loopback. */
function internalUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host;
  const bracketed = reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}`;
}

/** Defaults that depend on another variable (the LDAP bases hang off LDAP_BASE_DN). */
function defaultFor(name: string, fallback: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (fallback?.includes('<LDAP_BASE_DN>')) {
    const base = env.LDAP_BASE_DN?.trim() || VARIABLES.find((v) => v.name === 'LDAP_BASE_DN')!.default!;
    return fallback.replace('<LDAP_BASE_DN>', base);
  }
  return fallback;
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
