/**
 * One `authInternalUsers` entry, compiled. Policy for what MediaMTX itself would refuse to load
 * (unknown fields, bad credentials, bad IPs, bad actions): report and skip the whole entry, so that
 * a typo such as `password:` for `pass:` or `paht:` for `path:` never widens access. What MediaMTX
 * loads but can never match (a bad regex, a permission without action) is reported and kept inert.
 */
import type { Argon2Verifier } from './argon2.ts';
import { compileCredential, isHashedCredential } from './credential.ts';
import { isMapping, optionalString, readFields } from './fields.ts';
import { parseNetwork, type IpNetwork } from './ip-networks.ts';
import { compilePermission } from './permissions.ts';
import { AUTH_ACTIONS, type AuthAction, type CompiledPermission, type CredentialCheck, type InternalUser } from './types.ts';

const ENTRY_FIELDS = ['user', 'pass', 'ips', 'permissions'] as const;
const PERMISSION_FIELDS = ['action', 'path'] as const;
const UNUSED: CredentialCheck = { kind: 'empty', check: () => true, matches: () => true };

class EntrySkipped extends Error {}

function displayUser(user: string): string {
  return isHashedCredential(user) ? '(hashed)' : user;
}

function compileIps(value: unknown): IpNetwork[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EntrySkipped('ips: must be a list of IPs or CIDRs');
  return value.map((item, i) => {
    const network = typeof item === 'string' ? parseNetwork(item) : { error: 'must be a string' };
    if ('error' in network) throw new EntrySkipped(`ips[${i}]: ${network.error}`);
    return network;
  });
}

function compilePermissions(value: unknown, warn: (message: string) => void): CompiledPermission[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EntrySkipped('permissions: must be a list');
  const permissions: CompiledPermission[] = [];
  value.forEach((item, i) => {
    const where = `permissions[${i}]`;
    if (!isMapping(item)) throw new EntrySkipped(`${where}: must be a mapping with action and path`);
    const { fields, unknown } = readFields(item, PERMISSION_FIELDS);
    if (unknown.length > 0) throw new EntrySkipped(`${where}: unknown field ${JSON.stringify(unknown[0])}`);
    if (!fields.has('action')) {
      warn(`${where}: has no action, so it grants nothing (as in MediaMTX)`);
      return;
    }
    const action = fields.get('action');
    if (typeof action !== 'string' || !(AUTH_ACTIONS as readonly string[]).includes(action)) {
      throw new EntrySkipped(`${where}.action: must be one of ${AUTH_ACTIONS.join(', ')}`);
    }
    const path = optionalString(fields.get('path'));
    if (path === undefined) throw new EntrySkipped(`${where}.path: must be a string`);
    const { permission, warning } = compilePermission(action as AuthAction, path);
    if (warning) warn(`${where}.path ${JSON.stringify(path)} ${warning}`);
    permissions.push(permission);
  });
  return permissions;
}

function credential(field: 'user' | 'pass', value: string, verifier: Argon2Verifier | undefined): CredentialCheck {
  const compiled = compileCredential(value, verifier);
  if ('error' in compiled) throw new EntrySkipped(`${field}: ${compiled.error}`);
  return compiled.credential;
}

export function compileEntry(raw: unknown, index: number, verifier?: Argon2Verifier): { user: InternalUser | null; problems: string[] } {
  const problems: string[] = [];
  let label = `authInternalUsers[${index}]`;
  try {
    if (!isMapping(raw)) throw new EntrySkipped('must be a mapping with user, pass, ips and permissions');
    const { fields, unknown } = readFields(raw, ENTRY_FIELDS);
    const user = optionalString(fields.get('user'));
    if (user === undefined) throw new EntrySkipped('user: must be a string');
    if (user !== '') label += ` (user ${JSON.stringify(displayUser(user))})`;
    if (unknown.length > 0) {
      throw new EntrySkipped(`unknown field ${JSON.stringify(unknown[0])} (MediaMTX refuses it; the fields are ${ENTRY_FIELDS.join(', ')})`);
    }
    if (user === '') throw new EntrySkipped('user: empty usernames are not supported (use "any" for anonymous)');
    const pass = optionalString(fields.get('pass'));
    if (pass === undefined) throw new EntrySkipped('pass: must be a string');
    const any = user === 'any';
    if (any && pass !== '') throw new EntrySkipped("pass: a password with user 'any' is not supported");

    const ips = compileIps(fields.get('ips'));
    const permissions = compilePermissions(fields.get('permissions'), (message) => problems.push(`${label}: ${message}`));
    if (permissions.length === 0) problems.push(`${label}: has no usable permissions, so it grants nothing`);
    return {
      user: {
        index,
        user: displayUser(user),
        any,
        ips,
        permissions,
        userCredential: any ? UNUSED : credential('user', user, verifier),
        passCredential: any ? UNUSED : credential('pass', pass, verifier),
      },
      problems,
    };
  } catch (error) {
    if (!(error instanceof EntrySkipped)) throw error;
    problems.push(`${label}: ${error.message}; entry skipped`);
    return { user: null, problems };
  }
}
