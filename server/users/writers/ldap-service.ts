/**
 * Writes into LDAP as the service account, shared by the membership writer and onboarding. Each
 * write binds its own short connection: writes are rare, and the directory's pooled reader stays
 * untouched. LDAP refusals become OverlayErrors an admin can act on; outages the usual closed 503.
 */
import { Client, EqualityFilter, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { attributeValues, isGroupEntry } from '../../directory/entry.ts';
import { DirectoryUnavailableError, type LdapSettings } from '../../directory/types.ts';
import { OverlayError } from '../../http/errors.ts';

export type LdapWriteSettings = Pick<LdapSettings, 'url' | 'bindDN' | 'bindPassword' | 'groupBase' | 'memberAttr' | 'timeoutMs'>;

/** LDAP result codes (RFC 4511) a write can meet. */
export const LDAP_CODE = {
  CONSTRAINT_VIOLATION: 19,
  NO_SUCH_ATTRIBUTE: 16,
  ATTRIBUTE_OR_VALUE_EXISTS: 20,
  INSUFFICIENT_ACCESS: 50,
  OBJECT_CLASS_VIOLATION: 65,
  ENTRY_ALREADY_EXISTS: 68,
} as const;

export type AsService = <T>(what: string, op: (client: Client) => Promise<T>, writeArea?: string) => Promise<T>;

/** `writeArea` names where the service account needs write access when it is refused (default: the group base). */
export function ldapServiceWriter(settings: LdapWriteSettings): AsService {
  return async function asService(what, op, writeArea = settings.groupBase) {
    const client = new Client({ url: settings.url, timeout: settings.timeoutMs, connectTimeout: settings.timeoutMs });
    try {
      try {
        await client.bind(settings.bindDN, settings.bindPassword);
      } catch (error) {
        const hint = error instanceof InvalidCredentialsError ? ' (check LDAP_BIND_DN and LDAP_BIND_PASSWORD)' : '';
        throw new DirectoryUnavailableError(`LDAP ${settings.url}: binding to write (${what}) failed: ${(error as Error).message}${hint}`, { cause: error });
      }
      return await op(client);
    } catch (error) {
      if (error instanceof ResultCodeError && error.code === LDAP_CODE.INSUFFICIENT_ACCESS) {
        throw new OverlayError(502, {
          title: 'The directory refused the change',
          message: `The LDAP service account may not write here (${what}). Give LDAP_BIND_DN write access to ${writeArea}, or unset DIRECTORY_WRITE.`,
          log: error.message,
        });
      }
      if (error instanceof ResultCodeError) {
        throw new OverlayError(502, { title: 'The directory refused the change', message: `LDAP refused ${what}: ${error.message}`, log: error.message });
      }
      if (error instanceof OverlayError || error instanceof DirectoryUnavailableError) throw error;
      throw new DirectoryUnavailableError(`LDAP ${settings.url}: ${what} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      await client.unbind().catch(() => {});
    }
  };
}

/** The DN of the group entry named `name` under the group base (names compare without case), or null. */
export async function findGroupDN(client: Client, groupBase: string, name: string): Promise<string | null> {
  const { searchEntries } = await client.search(groupBase, {
    scope: 'sub',
    filter: new EqualityFilter({ attribute: 'cn', value: name }),
    attributes: ['cn', 'objectClass'],
  });
  const group = searchEntries.find((e) => isGroupEntry(e) && attributeValues(e, 'cn').some((cn) => cn.toLowerCase() === name.toLowerCase()));
  return group?.dn ?? null;
}
