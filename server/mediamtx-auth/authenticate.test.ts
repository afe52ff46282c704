import { describe, expect, it } from 'vitest';
import { stockMediamtxYaml } from '../../test/fixtures/stock-mediamtx.ts';
import { parseInternalUsers } from '../mediamtx/internal-users/index.ts';
import { argon2Credential, mediamtxYaml } from '../mediamtx/internal-users/test-fixtures.ts';
import type { PlaybackClaims, PlaybackTokens } from '../playback/tokens.ts';
import { compileRules } from '../rules/compile.ts';
import { authenticate, type AuthDeps } from './authenticate.ts';
import { andThen } from './maybe.ts';
import type { CredentialCheck, Lookup, PeopleResolver } from './people.ts';
import { parseAuthRequest } from './request.ts';

const TOKEN = 'aaa.bbb.ccc';
const policy = { defaultGroups: [], adminGroups: ['vid_admin'], publishGroups: ['vid_publish'], groupPrefix: 'vid_' };
const rules = compileRules([{ path: 'cam1', groups: ['vid_cams'], updatedBy: 'test', updatedAt: '2026-01-01T00:00:00.000Z' }], policy);
const alice = { username: 'alice', groups: ['vid_cams'], active: true };

/** Answers from memory, as warm caches do, or later, as a directory round trip does. */
function deps(options: { later?: boolean; yaml?: string } = {}): AuthDeps {
  const answer = <T>(value: T) => (options.later ? Promise.resolve(value) : value);
  const claims: PlaybackClaims = { user: 'alice', expiresAt: Date.now() + 60_000 };
  const tokens: PlaybackTokens = {
    issue: async () => TOKEN,
    recent: async () => TOKEN,
    verify: (token) => (token === TOKEN ? (options.later ? Promise.resolve(claims) : claims) : Promise.resolve(null)),
  };
  const people: PeopleResolver = {
    lookup: (name) => answer<Lookup>({ kind: 'person', person: name === 'alice' ? alice : null }),
    refresh: async () => ({ kind: 'person', person: alice }),
    checkCredentials: (name, password) =>
      answer<CredentialCheck>(name === 'alice' && password === 'alice-pass' ? { kind: 'person', person: alice } : { kind: 'refused' }),
  };
  const { users } = parseInternalUsers(options.yaml ?? stockMediamtxYaml('viewer-pass'));
  return { internalUsers: () => users, tokens, people, rules: () => rules };
}

const read = (fields: Record<string, string>) => parseAuthRequest({ action: 'read', path: 'cam1', protocol: 'rtsp', ip: '10.0.0.9', ...fields });

describe('authenticate', () => {
  it('decides from memory without a promise: internal users, known tokens, cached binds', () => {
    const warm = deps();
    expect(authenticate(read({ user: 'hlsviewer', password: 'viewer-pass' }), warm)).toMatchObject({ allow: true, by: 'internal-user' });
    expect(authenticate(read({ user: 'alice', password: TOKEN, token: TOKEN }), warm)).toMatchObject({ allow: true, by: 'token', user: 'alice' });
    expect(authenticate(read({ user: 'alice', password: 'alice-pass' }), warm)).toMatchObject({ allow: true, by: 'directory' });
    expect(authenticate(read({ user: 'alice', password: 'alice-pass', path: 'cam2' }), warm)).toMatchObject({ allow: false, by: 'directory' });
    expect(authenticate(read({}), warm)).toMatchObject({ allow: false, by: 'none' });
  });

  it('decides the same when the steps answer later', async () => {
    const warm = deps();
    const cold = deps({ later: true });
    const cases: Array<Record<string, string>> = [
      { user: 'alice', password: TOKEN, token: TOKEN },
      { user: 'alice', password: 'alice-pass' },
      { user: 'alice', password: 'wrong' },
      { user: 'bob', password: 'a.b.c' },
    ];
    for (const fields of cases) {
      const later = authenticate(read(fields), cold);
      expect(later).toBeInstanceOf(Promise);
      expect(await later).toEqual(await authenticate(read(fields), warm));
    }
  });

  it('waits for argon2 when an internal user needs it, and goes on to the next entries', async () => {
    const yaml = mediamtxYaml([
      { user: 'argon', pass: await argon2Credential('pw'), permissions: [{ action: 'read' }] },
      { user: 'any', pass: '', permissions: [{ action: 'read', path: 'cam1' }] },
    ]);
    const pending = authenticate(read({ user: 'argon', password: 'wrong' }), deps({ yaml }));
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ allow: true, by: 'internal-user', reason: 'MediaMTX internal user #1 (any)' });
    expect(await authenticate(read({ user: 'argon', password: 'pw' }), deps({ yaml }))).toMatchObject({ reason: 'MediaMTX internal user #0 (argon)' });
  });
});

describe('andThen', () => {
  it('runs the next step at once on a value and after a promise', async () => {
    expect(andThen(2, (n) => n * 3)).toBe(6);
    const later = andThen(Promise.resolve(2), (n) => n * 3);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(6);
  });
});
