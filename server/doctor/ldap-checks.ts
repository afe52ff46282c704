import { InvalidCredentialsError, NoSuchObjectError, PresenceFilter } from 'ldapts';
import type { Config } from '../config/index.ts';
import { attributeValues, isGroupEntry } from '../directory/entry.ts';
import { normalizeDN, relevantGroupFilter } from '../directory/ldap-listing.ts';
import { judgeGroups } from './groups.ts';
import { fail, pass } from './results.ts';
import type { Check, CheckContext } from './types.ts';

type LdapConfig = NonNullable<Config['ldap']>;

/** Why the LDAP checks do not apply, or null when LDAP_URL is set. */
function withoutLdap(config: Readonly<Config>): string | null {
  if (config.mode === 'vanilla') return 'vanilla mode: no directory';
  return config.ldap ? null : "LDAP_URL is not set: groups come from Authentik's X-Authentik-Groups header";
}

const ldapBinds: Check = {
  id: 'ldap-bind',
  title: 'LDAP service account binds',
  skipWhen: withoutLdap,
  fix: "Check LDAP_URL, and that the directory (or Authentik's LDAP outpost) runs and is reachable from here.",
  async run(ctx) {
    const { url, bindDN } = ctx.config.ldap!;
    try {
      await ctx.ldap();
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        return fail(
          `${url} refused the bind as ${bindDN}: wrong DN or password`,
          "Check LDAP_BIND_DN and LDAP_BIND_PASSWORD (Authentik: the service account's DN is cn=<user>,ou=users,<base>).",
        );
      }
      return fail(`bind as ${bindDN} at ${url} failed: ${(error as Error).message || (error as Error).name}`, this.fix);
    }
    return pass(`bound as ${bindDN} at ${url}`);
  },
};

const BASES = [
  ['LDAP_BASE_DN', 'baseDN'],
  ['LDAP_USER_BASE', 'userBase'],
  ['LDAP_GROUP_BASE', 'groupBase'],
] as const satisfies ReadonlyArray<readonly [string, keyof LdapConfig]>;

async function exists(ctx: CheckContext, dn: string): Promise<boolean> {
  const client = await ctx.ldap();
  try {
    await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['objectClass'] });
    return true;
  } catch (error) {
    if (error instanceof NoSuchObjectError) return false;
    throw error;
  }
}

const ldapBasesExist: Check = {
  id: 'ldap-bases',
  title: 'LDAP base DNs exist',
  requires: 'ldap-bind',
  skipWhen: withoutLdap,
  fix: 'Set LDAP_BASE_DN, LDAP_USER_BASE and LDAP_GROUP_BASE to entries the directory has.',
  async run(ctx) {
    const ldap = ctx.config.ldap!;
    const found = await Promise.all(BASES.map(async ([variable, key]) => ({ variable, dn: ldap[key], ok: await exists(ctx, ldap[key]) })));
    const missing = found.filter((b) => !b.ok);
    if (missing.length) return fail(`not in the directory: ${missing.map((b) => `${b.variable}=${b.dn}`).join(', ')}`, this.fix);
    return pass(found.map((b) => b.dn).join(', '));
  },
};

const ldapGroupsExist: Check = {
  id: 'ldap-groups',
  title: 'Stream groups exist in LDAP',
  requires: 'ldap-bases',
  skipWhen: withoutLdap,
  fix: 'Check LDAP_GROUP_BASE, and that the service account may read the groups there.',
  async run(ctx) {
    const { config } = ctx;
    const client = await ctx.ldap();
    const { searchEntries } = await client.search(config.ldap!.groupBase, {
      scope: 'sub',
      filter: relevantGroupFilter(config),
      attributes: ['cn', 'objectClass'],
      paged: { pageSize: 500 },
    });
    const names = searchEntries.filter(isGroupEntry).flatMap((entry) => attributeValues(entry, 'cn'));
    return judgeGroups(names, config, config.ldap!.groupBase);
  },
};

const ldapSearchesAll: Check = {
  id: 'ldap-search',
  title: 'LDAP service account sees the whole directory',
  requires: 'ldap-bases',
  skipWhen: withoutLdap,
  fix: 'Let the service account search the whole directory (Authentik: give its user the LDAP provider\'s "Search full LDAP directory" permission; else it sees only itself).',
  async run(ctx) {
    const { userBase, userAttr, bindDN } = ctx.config.ldap!;
    const client = await ctx.ldap();
    // A few entries are enough to tell "everyone" from "only myself".
    const { searchEntries } = await client.search(userBase, {
      scope: 'sub',
      filter: new PresenceFilter({ attribute: userAttr }),
      attributes: ['objectClass'],
      sizeLimit: 3,
    });
    const self = normalizeDN(bindDN);
    const others = searchEntries.filter((e) => !isGroupEntry(e) && normalizeDN(e.dn) !== self);
    if (others.length === 0) return fail(`${bindDN} finds no user but itself under ${userBase}`, this.fix);
    return pass(`${bindDN} finds other users under ${userBase}`);
  },
};

export const LDAP_CHECKS: readonly Check[] = [ldapBinds, ldapBasesExist, ldapGroupsExist, ldapSearchesAll];
