import { SEED } from '../../harness/seed.ts';
import type { SeedAkGroup, SeedAkUser } from './model.ts';

export { startAuthentikDouble } from './authentik-double.ts';
export type { AuthentikDouble, AuthentikDoubleOptions, RecordedAkCall } from './authentik-double.ts';
export type { GroupShape, SeedAkGroup, SeedAkUser } from './model.ts';
export type { ProxyProviderDouble, ProxyProviderOptions } from './proxy-provider.ts';

/** The LDAP test directory's people and groups, as Authentik would hold them, plus an outpost's own account. */
export function authentikSeed(): { users: SeedAkUser[]; groups: SeedAkGroup[] } {
  return {
    users: [
      ...SEED.users.map((u) => ({ username: u.username, name: u.displayName, email: u.email, active: u.active })),
      { username: 'ak-outpost-0123', name: 'Outpost service account', type: 'internal_service_account' as const },
    ],
    groups: [
      ...SEED.groups.map((g) => ({ name: g.name, members: [...g.members] })),
      // A child group, so both group shapes have a parent to show.
      { name: 'vid_alpha', members: ['alice'], parent: 'vid_private' },
    ],
  };
}
