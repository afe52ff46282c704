import { beforeAll, describe, expect, it } from 'vitest';
import { Argon2Verifier } from './argon2.ts';
import { matchInternalUser } from './evaluate.ts';
import { parseInternalUsers } from './parse.ts';
import { stockMediamtxYaml } from '../../../test/fixtures/stock-mediamtx.ts';
import { argon2Credential, mediamtxYaml, sha256Credential } from './test-fixtures.ts';
import type { InternalAuthRequest, InternalUser } from './types.ts';

function request(overrides: Partial<InternalAuthRequest>): InternalAuthRequest {
  return { user: '', password: '', ip: '203.0.113.7', action: 'read', path: 'live/cam1', ...overrides };
}

function compile(entries: unknown[], verifier?: Argon2Verifier): InternalUser[] {
  const { users } = parseInternalUsers(mediamtxYaml(entries), { verifier });
  expect(users).toHaveLength(entries.length);
  return users.length === entries.length ? users : [];
}

async function matchedIndex(users: InternalUser[], overrides: Partial<InternalAuthRequest>): Promise<number | null> {
  return (await matchInternalUser(users, request(overrides)))?.index ?? null;
}

const HLSVIEWER_PASSWORD = 'Vw3r-9xK.q';

describe('the stock installer config', () => {
  const { users, problems } = parseInternalUsers(stockMediamtxYaml(HLSVIEWER_PASSWORD));

  it('compiles without problems', () => {
    expect(problems).toEqual([]);
    expect(users.map((user) => user.user)).toEqual(['any', 'hlsviewer', 'any']);
  });

  it.each([
    ['publisher on 127.0.0.1', 0, { action: 'publish', ip: '127.0.0.1' }],
    ['publisher on ::1', 0, { action: 'publish', ip: '::1' }],
    ['publisher on ::ffff:127.0.0.1', 0, { action: 'publish', ip: '::ffff:127.0.0.1' }],
    ['publisher with stray credentials on localhost', 0, { action: 'publish', ip: '127.0.0.1', user: 'cam', password: 'x' }],
    ['api caller on localhost', 0, { action: 'api', path: '', ip: '127.0.0.1' }],
    ['hlsviewer from anywhere', 1, { user: 'hlsviewer', password: HLSVIEWER_PASSWORD }],
    ['anonymous teststream reader from anywhere', 2, { path: 'teststream' }],
    ['hlsviewer with a wrong password, on teststream', 2, { user: 'hlsviewer', password: 'nope', path: 'teststream' }],
    ['anonymous reader of another path from another IP', null, {}],
    ['publisher from another IP', null, { action: 'publish', ip: '10.1.2.3' }],
    ['hlsviewer publishing', null, { action: 'publish', user: 'hlsviewer', password: HLSVIEWER_PASSWORD }],
    ['hlsviewer with a wrong password', null, { user: 'hlsviewer', password: 'nope' }],
    ['hlsviewer with no password', null, { user: 'hlsviewer' }],
    ['api caller from another IP', null, { action: 'api', path: '' }],
    ['metrics on localhost (not granted)', null, { action: 'metrics', path: '', ip: '127.0.0.1' }],
    ['teststream publisher from another IP', null, { action: 'publish', path: 'teststream' }],
  ] as const)('%s → entry %s', async (_name, expected, overrides) => {
    expect(await matchedIndex(users, overrides)).toBe(expected);
  });
});

describe('a permission written with an empty path', () => {
  // Operators often write `path:` with nothing after it (YAML null), as MediaMTX's sample config does.
  const { users, problems } = parseInternalUsers(`authInternalUsers:
- user: any
  ips: ['127.0.0.1']
  permissions:
  - action: read
    path:
`);

  it('covers every path, as a missing path does', async () => {
    expect(problems).toEqual([]);
    expect(await matchedIndex(users, { ip: '127.0.0.1', path: 'live/cam1' })).toBe(0);
    expect(await matchedIndex(users, { ip: '127.0.0.1', path: 'teststream' })).toBe(0);
  });
});

describe('entry order', () => {
  const users = compile([
    { user: 'alice', pass: 'a1', permissions: [{ action: 'read' }] },
    { user: 'alice', pass: 'a2', permissions: [{ action: 'read' }, { action: 'publish' }] },
    { user: 'any', permissions: [{ action: 'read', path: 'open' }] },
  ]);

  it.each([
    ['the first accepting entry wins', 0, { user: 'alice', password: 'a1' }],
    ['a later entry accepts when an earlier one rejects the password', 1, { user: 'alice', password: 'a2' }],
    ['the entry with the action needs its own password', null, { user: 'alice', password: 'a1', action: 'publish' }],
    ['a later entry accepts when an earlier one lacks the action', 1, { user: 'alice', password: 'a2', action: 'publish' }],
    ['`any` accepts even wrong credentials', 2, { user: 'alice', password: 'wrong', path: 'open' }],
    ['nothing accepts', null, { user: 'alice', password: 'wrong' }],
  ] as const)('%s → entry %s', async (_name, expected, overrides) => {
    expect(await matchedIndex(users, overrides)).toBe(expected);
  });

  it('reports the accepting entry as configured', async () => {
    expect(await matchInternalUser(users, request({ path: 'open' }))).toMatchObject({ index: 2, user: 'any' });
  });
});

describe('ips', () => {
  const users = compile([
    { user: 'any', ips: ['10.0.0.0/8', 'fd00::/8'], permissions: [{ action: 'read' }] },
    { user: 'any', ips: ['192.0.2.10', '2001:db8::1'], permissions: [{ action: 'read' }] },
    { user: 'any', ips: ['::ffff:0:0/96'], permissions: [{ action: 'publish' }] },
    { user: 'any', ips: ['::/0'], permissions: [{ action: 'playback' }] },
    { user: 'any', permissions: [{ action: 'api' }] },
  ]);

  it.each([
    ['10.1.2.3', 'read', 0],
    ['::ffff:10.1.2.3', 'read', 0],
    ['11.0.0.1', 'read', null],
    ['fd12:3456::1', 'read', 0],
    ['fe80::1', 'read', null],
    ['192.0.2.10', 'read', 1],
    ['192.0.2.11', 'read', null],
    ['2001:db8::1', 'read', 1],
    ['2001:db8:0:0:0:0:0:1', 'read', 1],
    ['2001:db8::2', 'read', null],
    ['not-an-ip', 'read', null],
    ['', 'read', null],
    // Go's net.IPNet: an IPv4-mapped network with a /96+ prefix is an IPv4 network ...
    ['198.51.100.1', 'publish', 2],
    ['2001:db8::5', 'publish', null],
    // ... and an IPv6 network never contains an IPv4 client.
    ['2001:db8::5', 'playback', 3],
    ['198.51.100.1', 'playback', null],
    // Empty ips = any client, even one that does not parse.
    ['not-an-ip', 'api', 4],
  ] as const)('%s %s → entry %s', async (ip, action, expected) => {
    expect(await matchedIndex(users, { ip, action, path: action === 'api' ? '' : 'live/cam1' })).toBe(expected);
  });
});

describe('permissions', () => {
  const entries: Array<[string, string]> = [
    ['publish', ''],
    ['read', 'cams/exact'],
    ['read', '~^cams/.*$'],
    ['read', '~cam'],
    ['read', '~(unclosed'],
    ['read', 'live/*'],
    ['playback', '~^rec/'],
    ['api', 'ignored'],
    ['metrics', '~(unclosed'],
    ['pprof', ''],
  ];
  const users = compile(entries.map(([action, path]) => ({ user: 'any', permissions: [{ action, path }] })));

  it.each([
    ['publish', 'anything/at/all', 0],
    ['read', 'cams/exact', 1],
    ['read', 'cams/other', 2],
    ['read', 'xcams/other', 3], // unanchored: `cam` occurs inside
    ['read', 'mycamera', 3],
    ['read', 'live/*', 5], // no globs: literal
    ['read', 'live/a', null],
    ['read', '(unclosed', null], // the invalid regex matches nothing, not even itself
    ['playback', 'rec/2024', 6],
    ['playback', 'cams/exact', null], // read does not grant playback
    ['api', '', 7], // api/metrics/pprof ignore the path, even an invalid regex
    ['metrics', '', 8],
    ['pprof', '', 9],
    ['publish', '', 0],
    ['unknown-action', 'cams/exact', null],
  ] as const)('%s %s → entry %s', async (action, path, expected) => {
    expect(await matchedIndex(users, { action, path })).toBe(expected);
  });
});

describe('credentials', () => {
  let users: InternalUser[];
  const verifier = new Argon2Verifier();

  beforeAll(async () => {
    users = compile(
      [
        { user: 'plain', pass: 'pl41n', permissions: [{ action: 'read', path: 'p' }] },
        { user: 'hashed', pass: sha256Credential('sh4-pass'), permissions: [{ action: 'read', path: 's' }] },
        { user: 'argon', pass: await argon2Credential('4rgon-id'), permissions: [{ action: 'read', path: 'a' }] },
        { user: 'argoni', pass: await argon2Credential('4rgon-i', 'i'), permissions: [{ action: 'read', path: 'i' }] },
        { user: sha256Credential('secret-name'), pass: await argon2Credential('both'), permissions: [{ action: 'read', path: 'h' }] },
        { user: 'nopass', permissions: [{ action: 'read', path: 'n' }] },
      ],
      verifier,
    );
  });

  it.each([
    ['plain', 'pl41n', 'p', 0],
    ['plain', 'pl41n ', 'p', null],
    ['Plain', 'pl41n', 'p', null], // names are case-sensitive
    ['hashed', 'sh4-pass', 's', 1],
    ['hashed', 'sh4-pas', 's', null],
    ['argon', '4rgon-id', 'a', 2],
    ['argon', '4rgon-iD', 'a', null],
    ['argon', '', 'a', null],
    ['argoni', '4rgon-i', 'i', 3],
    ['argoni', 'wrong', 'i', null],
    ['secret-name', 'both', 'h', 4],
    ['secret-name', 'bothx', 'h', null],
    // MediaMTX: a named user without `pass` takes any password, including none.
    ['nopass', 'whatever', 'n', 5],
    ['nopass', '', 'n', 5],
    ['', '', 'n', null],
    ['', '', 'p', null],
  ] as const)('%s / %s on %s → entry %s', async (user, password, path, expected) => {
    expect(await matchedIndex(users, { user, password, path })).toBe(expected);
  });

  it('shows hashed user names as (hashed)', async () => {
    expect(await matchInternalUser(users, request({ user: 'secret-name', password: 'both', path: 'h' }))).toMatchObject({
      index: 4,
      user: '(hashed)',
    });
  });

  it('remembers argon2 results and runs cheap checks first', async () => {
    const cached = new Argon2Verifier();
    const own = compile([{ user: 'argon', pass: await argon2Credential('pw'), permissions: [{ action: 'read' }] }], cached);
    expect(await matchedIndex(own, { user: 'somebody-else', password: 'pw' })).toBe(null);
    expect(cached.computations).toBe(0); // the user name failed first
    for (let i = 0; i < 3; i++) expect(await matchedIndex(own, { user: 'argon', password: 'pw' })).toBe(0);
    expect(cached.computations).toBe(1);
    expect(await matchedIndex(own, { user: 'argon', password: 'wrong' })).toBe(null);
    expect(await matchedIndex(own, { user: 'argon', password: 'wrong' })).toBe(null);
    expect(cached.computations).toBe(2);
  });

  it('shares one argon2 computation between concurrent identical requests', async () => {
    const cached = new Argon2Verifier();
    const own = compile([{ user: 'argon', pass: await argon2Credential('pw'), permissions: [{ action: 'read' }] }], cached);
    const results = await Promise.all(Array.from({ length: 5 }, () => matchedIndex(own, { user: 'argon', password: 'pw' })));
    expect(results).toEqual([0, 0, 0, 0, 0]);
    expect(cached.computations).toBe(1);
  });

  it('tolerates a callback body with missing fields', async () => {
    const body = { ip: '127.0.0.1', action: 'read' } as unknown as InternalAuthRequest;
    expect(await matchInternalUser(users, body)).toBeNull();
  });
});
