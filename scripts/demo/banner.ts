/** What the interactive demo prints once everything answers. */
import { SEED } from '../../test/harness/seed.ts';

/** What each seeded user should experience; groups and passwords come from SEED so they cannot drift. */
const OUTCOMES: Array<[username: string, outcome: string]> = [
  ['demo-admin', 'admin: the full console'],
  ['demo-viewer', 'viewer: Active Streams only'],
  ['alice', 'viewer: Active Streams only'],
  ['bob', 'admin: the full console'],
  ['carol', 'signed in, but the "no stream access" page'],
  ['dave', 'cannot sign in (disabled in the directory)'],
];

function groupsOf(username: string): string {
  const groups = SEED.groups
    .filter((g) => (g.members as readonly string[]).includes(username))
    .map((g) => g.name)
    .map((name) => (name.includes(',') ? `"${name}"` : name)); // "Team Alpha, West" is one group
  return groups.join(', ') || '(none)';
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

export interface BannerInfo {
  overlayUrl: string;
  editorUrl: string;
  mediamtxApiUrl: string;
  ldap: { url: string; baseDN: string; serviceDN: string; servicePassword: string };
}

export function banner(info: BannerInfo): string {
  const rows = [['user', 'password', 'directory groups', 'what they get']];
  for (const [username, outcome] of OUTCOMES) {
    const seeded = SEED.users.find((u) => u.username === username)!;
    rows.push([username, seeded.password, groupsOf(username) + (seeded.active ? '' : ' (disabled)'), outcome]);
  }
  const rule = '='.repeat(78);
  return [
    '',
    rule,
    '  MediaMTX LDAP overlay demo is running',
    '',
    `  Open ${info.overlayUrl}/ in a browser and sign in as one of:`,
    '',
    ...table(rows),
    '',
    '  Behind the overlay (loopback only, for poking around):',
    `    stand-in editor   ${info.editorUrl}  (bypasses the overlay)`,
    `    MediaMTX API      ${info.mediamtxApiUrl}  (test double with demo paths)`,
    `    OpenLDAP          ${info.ldap.url}  base ${info.ldap.baseDN}`,
    `                      bind as ${info.ldap.serviceDN} / ${info.ldap.servicePassword}`,
    '',
    '  Press Ctrl-C to stop everything.',
    rule,
    '',
  ].join('\n');
}
