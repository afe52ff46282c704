/**
 * Selectors a backtracking engine (JavaScript's RegExp) needs exponential time for, against paths
 * built to trigger it. Whoever chooses a stream path (any viewer asking MediaMTX for one, any
 * publisher naming one) picks the input; one such decision used to hold every other request.
 * Rules are matched by RE2 (re2js), in time linear in the path, as MediaMTX matches them. A
 * relapse shows up as a test's timeout (the request never answers in time), not as a timing
 * assertion.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { may } from '../../server/policy/may.ts';
import { compileRules } from '../../server/rules/compile.ts';
import { askMediamtxAuth } from '../harness/overlay-calls.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

const GRANTED = 'vid_private'; // alice's group in the seeded directory
const digits = '1'.repeat(40);
const as = (n: number) => 'a'.repeat(n);

// selector, what the path is, whether the rule matches it (so whether alice may read it), the path
const ATTACKS: Array<[string, string, boolean, string]> = [
  ['~^cams/(\\w|\\d)+$', 'cams/ + 40 digits + !', false, `cams/${digits}!`],
  ['~^cams/(\\w|\\d)+$', 'cams/ + 40 digits', true, `cams/${digits}`],
  ['~^cams/(\\w|\\d)+$', 'cams/ + 8,000 digits + !', false, `cams/${'1'.repeat(8_000)}!`],
  ['~^(a+)+$', '40 a + !', false, `${as(40)}!`],
  ['~^(a+)+$', '40 a', true, as(40)],
  ['~^(a|aa)+$', '40 a + !', false, `${as(40)}!`],
  ['~^(a|aa)+$', '41 a', true, as(41)],
  ['~(.*a){20}', '19 a, then 4,000 x', false, `${as(19)}${'x'.repeat(4_000)}`],
  ['~(.*a){20}', '20 a among x', true, `x${'ax'.repeat(20)}`],
  ['~^(.*a){20}$', '40 a + !', false, `${as(40)}!`],
  ['~^(x+x+)+y', '40 x', false, 'x'.repeat(40)],
  ['~^(\\w+\\s?)*$', '40 a + !', false, `${as(40)}!`],
  ['~^([a-z0-9]+/?)+$', '10 × live/ + cam!', false, `${'live/'.repeat(10)}cam!`],
  ['~^([a-z0-9]+/?)+$', '10 × live/ + cam', true, `${'live/'.repeat(10)}cam`],
  ['~^(a?){30}a{30}$', '30 a', true, as(30)],
  ['~^(a?){30}a{30}$', '29 a', false, as(29)],
  // Two `**` let a backtracking engine try every pair of segment boundaries (cubic in the path).
  ['**/hd/**', '2,700 × hd/', false, 'hd/'.repeat(2_700)],
  ['**/hd/**', 'site/hd/cam', true, 'site/hd/cam'],
];

describe('may() on compiled rules', () => {
  it.each(ATTACKS)(
    '%s on %s → allow %s',
    (selector, _label, allow, path) => {
      const compiled = compileRules([{ path: selector, groups: [GRANTED], updatedBy: 'test', updatedAt: '2026-01-01T00:00:00.000Z' }], {
        defaultGroups: [],
        adminGroups: ['vid_admin'],
        groupPrefix: 'vid_',
      });
      expect(compiled.invalid).toEqual([]);
      expect(may({ groups: [GRANTED] }, 'read', path, compiled).allow).toBe(allow);
    },
    2_000,
  );
});

describe('through the running overlay', () => {
  let stack: Stack;
  let token: string;
  beforeAll(async () => {
    // Paths no rule matches go to vid_public only, so alice (vid_private) reads only what a rule grants.
    stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { DEFAULT_GROUPS: 'vid_public' } });
    const res = await fetch(`${stack.overlay.url}/api/hlsviewer-credential`, { headers: asForwardAuthUser('alice') });
    token = ((await res.json()) as { password: string }).password;
  });
  afterAll(() => stack?.stop());

  const admin = { ...asForwardAuthUser('demo-admin'), Accept: 'application/json' };
  async function rulesApi(method: string, query = '', body?: unknown) {
    const { version } = (await (await fetch(`${stack.overlay.url}/_overlay/api/rules`, { headers: admin })).json()) as { version: number };
    const headers = { ...admin, 'Content-Type': 'application/json', 'If-Match': `"${version}"` };
    const res = await fetch(`${stack.overlay.url}/_overlay/api/rules${query}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function withRule<T>(selector: string, check: () => Promise<T>): Promise<T> {
    const put = await rulesApi('PUT', '', { path: selector, groups: [GRANTED] });
    expect(put).toMatchObject({ status: 200 });
    try {
      return await check();
    } finally {
      expect((await rulesApi('DELETE', `?path=${encodeURIComponent(selector)}`)).status).toBe(200);
    }
  }

  it.each(ATTACKS)(
    'POST /auth/mediamtx and the rules preview: %s on %s → allow %s',
    async (selector, _label, allow, path) => {
      await withRule(selector, async () => {
        expect(await askMediamtxAuth(stack.overlay.url, { user: 'alice', password: token, token, path, protocol: 'hls' })).toBe(allow ? 204 : 401);
        const preview = await fetch(`${stack.overlay.url}/_overlay/api/access?path=${encodeURIComponent(path)}`, { headers: admin });
        expect(((await preview.json()) as { rule: { path: string } | null }).rule?.path ?? null).toBe(allow ? selector : null);
      });
    },
    5_000,
  );

  it('filters Active Streams with a crafted path name published to MediaMTX', async () => {
    stack.mediamtx.setPaths([
      { name: `cams/${digits}!`, ready: true, sourceType: 'rtspSession' },
      { name: 'cams/12', ready: true, sourceType: 'rtspSession' },
    ]);
    await withRule('~^cams/(\\w|\\d)+$', async () => {
      const res = await fetch(`${stack.overlay.url}/api/streams`, { headers: { ...asForwardAuthUser('alice'), Accept: 'application/json' } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { streams: Array<{ name: string }> }).streams.map((s) => s.name)).toEqual(['cams/12']);
    });
  }, 5_000);
});
