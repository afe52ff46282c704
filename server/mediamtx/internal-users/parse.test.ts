import { describe, expect, it } from 'vitest';
import { matchInternalUser } from './evaluate.ts';
import { InternalUsersDocumentError, parseInternalUsers, readInternalUsersDocument } from './parse.ts';
import { mediamtxYaml, sha256Credential } from './test-fixtures.ts';
import type { InternalAuthRequest } from './types.ts';

function request(overrides: Partial<InternalAuthRequest>): InternalAuthRequest {
  return { user: '', password: '', ip: '203.0.113.7', action: 'read', path: 'live/cam1', ...overrides };
}

// Produced by the reference implementation, exactly as MediaMTX's docs suggest:
// echo -n "mypass" | argon2 saltItLikeYouMeanIt -id -l 32 -e
const REFERENCE_ARGON2ID = '$argon2id$v=19$m=4096,t=3,p=1$c2FsdEl0TGlrZVlvdU1lYW5JdA$wXjXmYiTQXm5SVgNyPNf+B2QV32wpZa2eOBJ/JVlMlg';
// echo -n "mypass" | argon2 saltItLikeYouMeanIt -i -t 3 -m 12 -p 2 -l 16 -e
const REFERENCE_ARGON2I = '$argon2i$v=19$m=4096,t=3,p=2$c2FsdEl0TGlrZVlvdU1lYW5JdA$treT96RE/kDRC1A2Wz0TPw';
// echo -n "mypass" | argon2 saltItLikeYouMeanIt -id -v 10 -l 32 -e
const REFERENCE_ARGON2ID_V16 = '$argon2id$v=16$m=4096,t=3,p=1$c2FsdEl0TGlrZVlvdU1lYW5JdA$2XVclYTj0wUXonWfjNnfL4TfMa3YhRzWODr9FD+MNGo';

describe('when authInternalUsers is absent', () => {
  const { users, problems } = parseInternalUsers('logLevel: info\nauthMethod: http\n');

  it("keeps only the loopback api/metrics/pprof default, not MediaMTX's open publish/read, and says so", () => {
    expect(users.map((user) => [user.user, user.ips.map((ip) => ip.text), user.permissions.map((p) => p.action)])).toEqual([
      ['any', ['127.0.0.1', '::1'], ['api', 'metrics', 'pprof']],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/not set.*the overlay does not/);
  });

  it.each([
    [{ action: 'publish', path: 'any/path' }, null],
    [{ action: 'playback', path: 'rec' }, null],
    [{ action: 'api', path: '', ip: '::1' }, 0],
    [{ action: 'pprof', path: '', ip: '127.0.0.1' }, 0],
    [{ action: 'api', path: '' }, null],
  ] as const)('%o → entry %s', async (overrides, expected) => {
    expect((await matchInternalUser(users, request(overrides)))?.index ?? null).toBe(expected);
  });

  it('do not apply to an explicit empty list', () => {
    expect(parseInternalUsers('authInternalUsers: []\n')).toEqual({ users: [], problems: [] });
  });
});

describe('malformed entries are reported and skipped', () => {
  const good = { user: 'any', permissions: [{ action: 'read', path: 'ok' }] };
  it.each([
    ['not a mapping', 'just-a-string', /\[1\]: must be a mapping/],
    ['misspelt pass', { user: 'bob', password: 'x', permissions: [{ action: 'read' }] }, /\[1\] \(user "bob"\): unknown field "password"/],
    ['misspelt path', { user: 'any', permissions: [{ action: 'read', paht: 'secret' }] }, /\[1\] \(user "any"\): permissions\[0\]: unknown field "paht"/],
    ['empty user', { user: '', permissions: [{ action: 'read' }] }, /\[1\]: user: empty usernames/],
    ['missing user', { pass: 'x', permissions: [{ action: 'read' }] }, /\[1\]: user: empty usernames/],
    ['numeric user', { user: 42, permissions: [{ action: 'read' }] }, /\[1\]: user: must be a string/],
    ['any with a password', { user: 'any', pass: 'x', permissions: [{ action: 'read' }] }, /pass: a password with user 'any'/],
    ['numeric password', { user: 'bob', pass: 1234, permissions: [{ action: 'read' }] }, /\(user "bob"\): pass: must be a string/],
    ['unsupported characters', { user: 'bob', pass: 'has space', permissions: [{ action: 'read' }] }, /\(user "bob"\): pass: contains characters/],
    ['bad sha256', { user: 'bob', pass: 'sha256:not base64!', permissions: [{ action: 'read' }] }, /pass: sha256 hash must be base64/],
    ['bad argon2', { user: 'bob', pass: 'argon2:$argon2id$v=19$m=x', permissions: [{ action: 'read' }] }, /pass: invalid argon2 hash/],
    [
      'argon2d',
      { user: 'bob', pass: `argon2:${REFERENCE_ARGON2ID.replace('argon2id', 'argon2d')}`, permissions: [{ action: 'read' }] },
      /pass: argon2d hashes never match/,
    ],
    ['argon2 v=16', { user: 'bob', pass: `argon2:${REFERENCE_ARGON2ID_V16}`, permissions: [{ action: 'read' }] }, /pass: argon2 v=16 hashes never match/],
    ['bad user hash', { user: 'sha256:?', pass: 'x', permissions: [{ action: 'read' }] }, /\(user "\(hashed\)"\): user: sha256 hash/],
    ['ips not a list', { user: 'any', ips: '10.0.0.1', permissions: [{ action: 'read' }] }, /ips: must be a list/],
    ['short IPv4', { user: 'any', ips: ['127.1'], permissions: [{ action: 'read' }] }, /ips\[0\]: unable to parse IP\/CIDR '127.1'/],
    ['leading zero', { user: 'any', ips: ['10.0.0.1', '010.0.0.1'], permissions: [{ action: 'read' }] }, /ips\[1\]: unable to parse/],
    ['prefix too long', { user: 'any', ips: ['10.0.0.0/33'], permissions: [{ action: 'read' }] }, /ips\[0\]: unable to parse/],
    ['zone', { user: 'any', ips: ['fe80::1%eth0'], permissions: [{ action: 'read' }] }, /ips\[0\]: unable to parse/],
    ['host name', { user: 'any', ips: ['localhost'], permissions: [{ action: 'read' }] }, /ips\[0\]: unable to parse/],
    ['permissions not a list', { user: 'any', permissions: { action: 'read' } }, /permissions: must be a list/],
    ['bad action', { user: 'any', permissions: [{ action: 'read' }, { action: 'write' }] }, /permissions\[1\]\.action: must be one of/],
    ['null action', { user: 'any', permissions: [{ action: null }] }, /permissions\[0\]\.action: must be one of/],
    ['numeric path', { user: 'any', permissions: [{ action: 'read', path: 7 }] }, /permissions\[0\]\.path: must be a string/],
  ])('%s', (_name, entry, message) => {
    const { users, problems } = parseInternalUsers(mediamtxYaml([good, entry, good]));
    expect(users.map((user) => user.index)).toEqual([0, 2]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toMatch(/entry skipped$/);
  });

  it('never echo a password', () => {
    const { problems } = parseInternalUsers(mediamtxYaml([{ user: 'bob', pass: 'top secret', permissions: [{ action: 'read' }] }]));
    expect(problems.join('\n')).not.toContain('top secret');
  });
});

describe('what MediaMTX loads but never matches is reported and kept inert', () => {
  it.each([
    ['an invalid regex', [{ action: 'read', path: '~(' }, { action: 'publish' }], /permissions\[0\]\.path "~\(" is not a valid RE2/],
    ['a lookahead (not RE2)', [{ action: 'read', path: '~^(?=cams)' }, { action: 'publish' }], /not a valid RE2/],
    ['a permission without action', [{ path: 'x' }, { action: 'publish' }], /permissions\[0\]: has no action/],
  ])('%s', (_name, permissions, message) => {
    const { users, problems } = parseInternalUsers(mediamtxYaml([{ user: 'any', permissions }]));
    expect(users).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('an entry with no permissions', () => {
    const { users, problems } = parseInternalUsers(mediamtxYaml([{ user: 'any', permissions: null }]));
    expect(users).toHaveLength(1);
    expect(problems).toEqual(['authInternalUsers[0] (user "any"): has no usable permissions, so it grants nothing']);
  });
});

describe('documents', () => {
  it.each([
    ['invalid YAML', 'authInternalUsers: [\n', /invalid YAML/],
    ['two documents', 'a: 1\n---\nb: 2\n', /invalid YAML/],
    ['a list at the top', '- a\n- b\n', /not a YAML mapping/],
    ['an empty file', '\n# only a comment\n', /empty/],
  ])('%s: no users from parseInternalUsers, an error from readInternalUsersDocument', (_name, text, message) => {
    const { users, problems } = parseInternalUsers(text);
    expect(users).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(() => readInternalUsersDocument(text)).toThrow(InternalUsersDocumentError);
  });

  it.each([
    ['null', 'authInternalUsers:\n', /null/],
    ['a mapping', 'authInternalUsers:\n  user: any\n', /must be a list/],
  ])('authInternalUsers as %s: no users, reported', (_name, text, message) => {
    const { users, problems } = parseInternalUsers(text);
    expect(users).toEqual([]);
    expect(problems[0]).toMatch(message);
  });

  it('reads keys case-insensitively, as Go encoding/json does, and resolves YAML anchors and merges', () => {
    const text = `
base: &base
  ips: ['10.0.0.0/8']
  permissions: [{action: read}]
AuthInternalUsers:
- User: alice
  Pass: ${sha256Credential('pw')}
  <<: *base
`;
    const { users, problems } = parseInternalUsers(text);
    expect(problems).toEqual([]);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ user: 'alice', any: false });
    expect(users[0]!.ips.map((ip) => ip.text)).toEqual(['10.0.0.0/8']);
  });
});

describe('argon2 hashes made by the reference implementation', () => {
  it.each([
    [REFERENCE_ARGON2ID, 'mypass', true],
    [REFERENCE_ARGON2ID, 'mypass2', false],
    [REFERENCE_ARGON2I, 'mypass', true],
    [REFERENCE_ARGON2I, 'MYPASS', false],
  ])('%s with %s → %s', async (encoded, password, accepted) => {
    const { users, problems } = parseInternalUsers(mediamtxYaml([{ user: 'cam', pass: `argon2:${encoded}`, permissions: [{ action: 'publish' }] }]));
    expect(problems).toEqual([]);
    const match = await matchInternalUser(users, request({ user: 'cam', password, action: 'publish' }));
    expect(match !== null).toBe(accepted);
  });
});
