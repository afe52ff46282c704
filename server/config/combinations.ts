/**
 * The rules between variables (what directory mode needs, what a setting needs beside it, values
 * that must agree), as the refinement of the environment's schema. They run even when some
 * variables are invalid, so every problem is reported at once; a variable that failed its own
 * schema counts as unset here and is not reported again.
 */
import type { z } from 'zod';
import { checkAuthentikJwt } from './authentik-jwt.ts';
import type { Env, VariableName } from './env.ts';
import { isStreamGroup } from '../policy/groups.ts';

/** What one rule may ask and say; the problems are zod issues on the variable they name. */
export interface CombinationChecks {
  /** The variable's parsed value; undefined when unset or invalid. */
  valid<K extends VariableName>(name: K): Env[K] | undefined;
  /** Whether the variable has a problem already (its own, or one of an earlier rule). */
  reported(name: VariableName): boolean;
  report(name: VariableName, what: string): void;
}

/** Marks an issue as one of these rules, so it gets a line of its own (see loadConfig). */
const COMBINATION = { combination: true } as const;

/** MediaMTX re-reads the JWKS at most hourly; a key published one period ahead must be there by then. */
const MIN_JWT_ROTATION_MS = 2 * 3_600_000;

export function checkCombinations(values: Env, ctx: z.RefinementCtx<Env>): void {
  const failed = new Set(ctx.issues.map((issue) => issue.path?.[0]));
  const checks: CombinationChecks = {
    valid: (name) => (failed.has(name) ? undefined : values[name]),
    reported: (name) => ctx.issues.some((issue) => issue.path?.[0] === name),
    report: (name, what) => ctx.addIssue({ code: 'custom', path: [name], message: what, params: COMBINATION }),
  };
  const { valid, report } = checks;
  const requireVar = (name: VariableName, why: string) => {
    if (valid(name) === undefined && !checks.reported(name)) report(name, `required ${why}`);
  };
  // Set at all, valid or not: what turns directory mode on, and what needs a partner.
  const isSet = (name: VariableName) => values[name] !== undefined;
  const identity = valid('IDENTITY') ?? 'forward-auth';

  if (isSet('LDAP_URL') || isSet('AUTHENTIK_URL')) {
    for (const name of ['EDITOR_ADMIN_USER', 'EDITOR_ADMIN_PASSWORD', 'EDITOR_VIEWER_USER', 'EDITOR_VIEWER_PASSWORD'] as const) {
      requireVar(name, 'in directory mode (the overlay logs the editor in with these accounts)');
    }
    if (identity === 'forward-auth') requireVar('PROXY_SECRET', 'when IDENTITY=forward-auth (identity headers are trusted only with it)');
    if (identity === 'ldap-login') requireVar('LDAP_URL', 'when IDENTITY=ldap-login');
  }
  if (isSet('LDAP_URL')) {
    requireVar('LDAP_BIND_DN', 'when LDAP_URL is set (the service account that searches users and groups)');
    requireVar('LDAP_BIND_PASSWORD', 'when LDAP_URL is set');
  }
  const prefix = valid('GROUP_PREFIX');
  const stray = prefix ? (valid('DEFAULT_GROUPS') ?? []).filter((g) => !isStreamGroup({ groupPrefix: prefix }, g)) : [];
  if (stray.length) report('DEFAULT_GROUPS', `every group must start with GROUP_PREFIX "${prefix}"; not: ${stray.join(', ')}`);
  const ttl = valid('PLAYBACK_TOKEN_TTL');
  const rotation = valid('SIGNING_KEY_ROTATION');
  if (ttl !== undefined && rotation !== undefined && rotation < ttl) {
    report('SIGNING_KEY_ROTATION', 'must be at least PLAYBACK_TOKEN_TTL, or tokens would outlive the key that signed them');
  }
  if (valid('MEDIAMTX_AUTH') === 'jwt' && rotation !== undefined) {
    const jwtTtl = valid('JWT_TTL');
    if (rotation < MIN_JWT_ROTATION_MS) {
      report(
        'SIGNING_KEY_ROTATION',
        'must be at least 2h with MEDIAMTX_AUTH=jwt: MediaMTX re-reads the JWKS only hourly, so each key is published a whole period before it signs',
      );
    } else if (jwtTtl !== undefined && rotation < jwtTtl) {
      report('SIGNING_KEY_ROTATION', 'must be at least JWT_TTL, or JWTs would outlive the key that signed them');
    }
  }
  if (isSet('AUTHENTIK_TOKEN') && !isSet('AUTHENTIK_URL')) requireVar('AUTHENTIK_URL', 'when AUTHENTIK_TOKEN is set');
  if (valid('DIRECTORY_WRITE') === 'ldap') requireVar('LDAP_URL', 'when DIRECTORY_WRITE=ldap (the group entries it writes live there)');
  if (isSet('SMTP_URL')) {
    requireVar('ADMIN_EMAILS', 'when SMTP_URL is set (who is emailed about new access requests)');
    requireVar('SMTP_FROM', 'when SMTP_URL is set (the sender of that email)');
  }
  if (isSet('ADMIN_EMAILS')) requireVar('SMTP_URL', 'when ADMIN_EMAILS is set (the relay that email goes through)');
  const [takPortal, takPortalAlias] = [valid('TAK_PORTAL_URL'), valid('TAKPORTAL_URL')];
  if (takPortal && takPortalAlias && takPortal !== takPortalAlias) {
    report('TAKPORTAL_URL', `names another address than TAK_PORTAL_URL (${takPortal}); set one of them`);
  }
  checkAuthentikJwt(checks, identity);
}
