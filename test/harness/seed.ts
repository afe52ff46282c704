/**
 * Test directory contents, laid out like Authentik's LDAP outpost (cn=<name>,ou=users|groups,<base>).
 * Exported as data so tests can assert against the same source the directory was built from.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client, DN } from 'ldapts';

export interface SeedUser {
  username: string;
  password: string;
  displayName: string;
  email: string;
  /** false = disabled in Authentik; the outpost shows it as ak-active: FALSE. */
  active: boolean;
  superuser: boolean;
}

export interface SeedGroup {
  name: string;
  /** Usernames; groupOfNames needs at least one. */
  members: readonly string[];
}

export interface SeedData {
  users: readonly SeedUser[];
  groups: readonly SeedGroup[];
}

/** Where and as whom to write: a Slapd satisfies this. */
export interface SeedTarget {
  url: string;
  baseDN: string;
  rootDN: string;
  rootPassword: string;
}

function user(username: string, displayName: string, extra: Partial<SeedUser> = {}): SeedUser {
  return {
    username,
    displayName,
    password: `${username}-pass`,
    email: `${username}@example.test`,
    active: true,
    superuser: false,
    ...extra,
  };
}

export const SERVICE_ACCOUNT = user('svc-overlay', 'Overlay service account');

/** Every password is `<username>-pass`. */
export const SEED = {
  serviceAccount: SERVICE_ACCOUNT,
  users: [
    SERVICE_ACCOUNT,
    user('demo-admin', 'Demo Admin'),
    user('demo-viewer', 'Demo Viewer'),
    user('alice', 'Alice Anders'),
    user('bob', 'Bob Brown', { superuser: true }),
    user('carol', 'Carol Cyan'),
    user('dave', 'Dave Disabled', { active: false }),
    user('erin', 'Erin Evening'),
  ],
  groups: [
    { name: 'vid_public', members: ['demo-viewer', 'dave', 'erin'] },
    { name: 'vid_private', members: ['alice'] },
    { name: 'vid_admin', members: ['demo-admin'] },
    { name: 'authentik Admins', members: ['bob'] },
    { name: 'tak_ROLE_ADMIN', members: ['carol'] },
    { name: 'tak_cyan', members: ['carol', 'erin'] },
    { name: 'Team Alpha, West', members: ['alice'] },
    { name: 'vid_ops; night', members: ['erin'] },
  ],
} as const satisfies SeedData & { serviceAccount: SeedUser };

export function userDN(baseDN: string, username: string): string {
  return `${new DN().addPairRDN('cn', username).toString()},ou=users,${baseDN}`;
}

export function groupDN(baseDN: string, name: string): string {
  return `${new DN().addPairRDN('cn', name).toString()},ou=groups,${baseDN}`;
}

/** {SSHA} like a real directory stores it, so binds exercise slapd's hash check rather than a plain compare. */
export function sshaHash(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function userEntry(u: SeedUser): Record<string, string | string[]> {
  const [first = u.username, ...rest] = u.displayName.split(' ');
  return {
    objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'akUser'],
    cn: u.username,
    uid: u.username,
    sn: rest.join(' ') || first,
    givenName: first,
    displayName: u.displayName,
    mail: u.email,
    userPassword: sshaHash(u.password),
    'ak-active': u.active ? 'TRUE' : 'FALSE',
    'ak-superuser': u.superuser ? 'TRUE' : 'FALSE',
  };
}

function groupEntry(baseDN: string, g: SeedGroup): Record<string, string | string[]> {
  return { objectClass: ['top', 'groupOfNames'], cn: g.name, member: g.members.map((m) => userDN(baseDN, m)) };
}

async function asRoot<T>(target: SeedTarget, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: target.url, timeout: 30_000, connectTimeout: 5000 });
  try {
    await client.bind(target.rootDN, target.rootPassword);
    return await fn(client);
  } finally {
    await client.unbind().catch(() => {});
  }
}

/** Creates the base entry, ou=users, ou=groups, then the given users and groups. */
export async function seedDirectory(target: SeedTarget, data: SeedData): Promise<void> {
  const { baseDN } = target;
  const dc = baseDN.split(',')[0]!.replace(/^dc=/i, '');
  await asRoot(target, async (client) => {
    await client.add(baseDN, { objectClass: ['top', 'dcObject', 'organization'], dc, o: 'authentik' });
    await client.add(`ou=users,${baseDN}`, { objectClass: ['top', 'organizationalUnit'], ou: 'users' });
    await client.add(`ou=groups,${baseDN}`, { objectClass: ['top', 'organizationalUnit'], ou: 'groups' });
  });
  await addEntries(target, data);
}

/** Adds users then groups (members must exist first), spread over a few parallel connections. */
export async function addEntries(target: SeedTarget, data: SeedData, connections = 4): Promise<void> {
  const users = data.users.map((u) => [userDN(target.baseDN, u.username), userEntry(u)] as const);
  const groups = data.groups.map((g) => [groupDN(target.baseDN, g.name), groupEntry(target.baseDN, g)] as const);
  for (const batch of [users, groups]) {
    let next = 0;
    const worker = (client: Client) =>
      (async () => {
        while (next < batch.length) {
          const [dn, attrs] = batch[next++]!;
          await client.add(dn, attrs);
        }
      })();
    await Promise.all(Array.from({ length: Math.min(connections, batch.length) }, () => asRoot(target, worker)));
  }
}

export interface SyntheticSeed {
  usernames: string[];
  groupNames: string[];
}

/**
 * Adds `users` synthetic users (user00001, password `user00001-pass`) and `groups` groups
 * (vid_bench0001 ...), user i in group i mod groups (so at most one group per user is created).
 * For benchmarks; needs the base tree (seedDirectory) to exist.
 */
export async function seedMany(target: SeedTarget, counts: { users: number; groups?: number }): Promise<SyntheticSeed> {
  const width = String(Math.max(counts.users, counts.groups ?? 0)).length;
  const usernames = Array.from({ length: counts.users }, (_, i) => `user${String(i + 1).padStart(width, '0')}`);
  const groupCount = Math.min(counts.groups ?? 0, counts.users);
  const members: string[][] = Array.from({ length: groupCount }, () => []);
  usernames.forEach((u, i) => members[i % groupCount]?.push(u));
  const groups: SeedGroup[] = members.map((m, j) => ({ name: `vid_bench${String(j + 1).padStart(width, '0')}`, members: m }));
  const users = usernames.map((u) => user(u, `Synthetic ${u}`));
  await addEntries(target, { users, groups }, 8);
  return { usernames, groupNames: groups.map((g) => g.name) };
}
