/**
 * Attacks on signing in (issue 12, items 4, 5 and 7), through the real sign-in page and the MediaMTX
 * auth endpoint against a private slapd: the shared one's throttles and users stay untouched.
 * Each throttle row gets its own overlay, so every row starts with fresh failure budgets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_FAILED } from '../../server/identity/ldap-login/index.ts';
import { askMediamtxAuth } from '../harness/overlay-calls.ts';
import { rawRequest } from '../harness/raw-http.ts';
import { SEED, type SeedUser } from '../harness/seed.ts';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import { PROXY_SECRET, startStack, type Stack } from '../harness/stack.ts';

const EVE: SeedUser = { username: 'eve', displayName: 'Eve Example', password: 'eve-pass', email: 'eve@example.test', active: true, superuser: false };

let slapd: Slapd;
const stacks: Stack[] = [];
beforeAll(async () => {
  slapd = await startSlapd({
    seed: { users: [...SEED.users, EVE], groups: SEED.groups.map((g) => (g.name === 'vid_public' ? { ...g, members: [...g.members, 'eve'] } : g)) },
  });
});
afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  await slapd?.stop();
});

/** An ldap-login overlay on the private slapd; `env` overrides (PROXY_SECRET: '' unsets the secret). */
async function overlay(env: Record<string, string> = {}): Promise<Stack> {
  const stack = await startStack({ mode: 'ldap-login', ldap: slapd, env });
  stacks.push(stack);
  return stack;
}

async function signIn(stack: Stack, fields: { username: string; password: string; next?: string }, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.overlay.url}/_overlay/login`, {
    method: 'POST',
    headers: { Origin: stack.overlay.url, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ next: '/', ...fields }),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), page: await res.text() };
}

/** POST /auth/mediamtx as MediaMTX would for a stream client; the decision's reason from the overlay's log. */
async function streamAuth(stack: Stack, user: string, password: string, ip = '10.0.0.5') {
  const status = await askMediamtxAuth(stack.overlay.url, { ip, user, password });
  const [decision] = stack.overlay.services!.auth.decisions.list({ limit: 1 });
  return { status, reason: decision!.reason };
}

const decodeEntities = (text: string) =>
  text.replace(/&#(\d+);|&#x([0-9a-f]+);|&(quot|amp|lt|gt|apos);/gi, (_, dec, hex, name) =>
    dec
      ? String.fromCodePoint(Number(dec))
      : hex
        ? String.fromCodePoint(parseInt(hex, 16))
        : ({ quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" } as Record<string, string>)[name.toLowerCase()]!,
  );

/** Where a browser goes with this Location: resolved by the same WHATWG parser browsers use. */
function landsOn(location: string | null, base: string): string {
  return new URL(location ?? '', base).origin;
}

describe('redirect after sign-in (item 4)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await overlay();
  });

  it.each([
    ['/%09/evil.example/p'],
    ['//evil.example'],
    ['/%5Cevil.example'],
    ['/%5C/evil.example'],
    ['%2F%2Fevil.example'],
    ['https://evil.example'],
    ['https:%2F%2Fevil.example'],
    ['/%0A/evil.example'],
    ['/%0D%0A/evil.example'],
    ['%0A'],
    ['/%E2%80%A8/evil.example'],
    ['/%09/%09/evil.example'],
    ['/%2509/evil.example'],
  ])('GET ?next=%s, then a correct password: the browser stays on this site', async (raw) => {
    const page = await rawRequest(stack.overlay.url, `/_overlay/login?next=${raw}`);
    expect(page.status).toBe(200);
    const next = decodeEntities(/name="next" value="([^"]*)"/.exec(page.body)![1]!);
    const res = await signIn(stack, { username: 'eve', password: 'eve-pass', next });
    expect(res.status).toBe(302);
    expect(landsOn(res.location, stack.overlay.url)).toBe(new URL(stack.overlay.url).origin);
  });

  it.each([
    ['/\t/evil.example/p', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/\\/evil.example', '/'],
    ['https://evil.example', '/'],
    ['/\t/evil', '/'],
    ['\n', '/'],
    ['/x\ny', '/'],
    ['/\r\nSet-Cookie: x=y', '/'],
    ['/\u2028/evil.example', '/%E2%80%A8/evil.example'],
    ['/streams\u0000', '/'],
    [' //evil.example', '/'],
    ['/?tab=streams', '/?tab=streams'],
    ['/%2F/evil.example', '/%2F/evil.example'],
    ['/.//evil.example', '/'],
    ['/%2e%2e//evil.example/p', '/'],
  ])('POST next=%j with a correct password: 302 to %s', async (next, expected) => {
    const res = await signIn(stack, { username: 'eve', password: 'eve-pass', next });
    expect([res.status, res.location]).toEqual([302, expected]);
    expect(landsOn(res.location, stack.overlay.url)).toBe(new URL(stack.overlay.url).origin);
  });
});

describe("lookalike names share the real name's failure budget (item 5)", () => {
  it.each([['ｅｖｅ'], ['ＥＶＥ'], ['ℯve'], ['EVE'], [' eve'], ['eve\u00a0']])(
    'five failures as %j lock eve out, on the sign-in page and on the auth endpoint',
    async (spelling) => {
      const stack = await overlay();
      for (let i = 0; i < 5; i++) {
        expect(
          (await signIn(stack, { username: spelling, password: `guess-${i}` }, { 'X-Overlay-Proxy-Secret': PROXY_SECRET, 'X-Forwarded-For': `10.5.0.${i}` }))
            .status,
        ).toBe(401);
        expect((await streamAuth(stack, spelling, `guess-${i}`, `10.6.0.${i}`)).status).toBe(401);
      }
      const page = await signIn(stack, { username: 'eve', password: 'eve-pass' });
      expect(page.status).toBe(429);
      expect(await streamAuth(stack, 'eve', 'eve-pass', '10.6.1.1')).toEqual({ status: 401, reason: expect.stringMatching(/too many failed attempts/) });
    },
  );

  it.each([['ｅｖｅ'], ['ℯve'], ['e\u200bve'], ['eve\u0000'], ['eve*'], ['ev e']])(
    "a name outside the plain character set (%j), even with eve's password, gets the generic answer",
    async (name) => {
      const stack = await overlay();
      const wrong = await signIn(stack, { username: 'eve', password: 'wrong' });
      const odd = await signIn(stack, { username: name, password: 'eve-pass' });
      expect([odd.status, odd.page.includes(SIGN_IN_FAILED)]).toEqual([wrong.status, true]);
      expect(wrong.status).toBe(401);
      expect(await streamAuth(stack, name, 'eve-pass')).toEqual({ status: 401, reason: (await streamAuth(stack, 'eve', 'wrong')).reason });
    },
  );
});

describe('client addresses behind a reverse proxy (item 7)', () => {
  const guess = (stack: Stack, i: number, headers: Record<string, string>) => signIn(stack, { username: `guess${i}`, password: 'wrong' }, headers);

  it.each([
    [
      'TRUSTED_PROXIES names the proxy, no PROXY_SECRET',
      { TRUSTED_PROXIES: '127.0.0.1', PROXY_SECRET: '' },
      (i: number) => ({ 'X-Forwarded-For': `198.51.100.${i}` }),
    ],
    [
      'a chain of trusted proxies',
      { TRUSTED_PROXIES: '127.0.0.1/32, 10.0.0.0/8', PROXY_SECRET: '' },
      (i: number) => ({ 'X-Forwarded-For': `198.51.100.${i}, 10.1.2.3` }),
    ],
    ['the proxy secret, an appending proxy', {}, (i: number) => ({ 'X-Overlay-Proxy-Secret': PROXY_SECRET, 'X-Forwarded-For': `198.51.100.${i}` })],
  ])("%s: 20 visitors' failures do not lock out another visitor", async (_case, env, via) => {
    const stack = await overlay(env);
    for (let i = 0; i < 20; i++) expect((await guess(stack, i, via(i))).status).toBe(401);
    expect((await signIn(stack, { username: 'eve', password: 'eve-pass' }, via(200))).status).toBe(302);
  });

  it.each([
    [
      'the proxy secret, nginx appending the real address',
      {},
      (i: number) => ({ 'X-Overlay-Proxy-Secret': PROXY_SECRET, 'X-Forwarded-For': `10.7.0.${i}, 203.0.113.9` }),
    ],
    [
      'TRUSTED_PROXIES, nginx appending the real address',
      { TRUSTED_PROXIES: '127.0.0.1', PROXY_SECRET: '' },
      (i: number) => ({ 'X-Forwarded-For': `10.7.0.${i}, 203.0.113.9` }),
    ],
    ['a client outside TRUSTED_PROXIES', { TRUSTED_PROXIES: '10.0.0.0/8', PROXY_SECRET: '' }, (i: number) => ({ 'X-Forwarded-For': `10.7.0.${i}` })],
    ['a client without the secret', {}, (i: number) => ({ 'X-Forwarded-For': `10.7.0.${i}` })],
    ['a trusted proxy forwarding garbage', { TRUSTED_PROXIES: '127.0.0.1', PROXY_SECRET: '' }, (i: number) => ({ 'X-Forwarded-For': `not-an-address-${i}` })],
  ])('%s: a spoofed X-Forwarded-For is not believed, the 21st failure is refused', async (_case, env, via) => {
    const stack = await overlay(env);
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await guess(stack, i, via(i))).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it("believes X-Forwarded-Proto only from the proxy: the Secure flag is not the client's to set", async () => {
    const stack = await overlay();
    const cookieFlags = async (headers: Record<string, string>) => {
      const res = await fetch(`${stack.overlay.url}/_overlay/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: stack.overlay.url, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-Proto': 'https', ...headers },
        body: new URLSearchParams({ username: 'eve', password: 'eve-pass', next: '/' }),
      });
      expect(res.status).toBe(302);
      return res.headers.get('set-cookie') ?? '';
    };
    expect(await cookieFlags({})).not.toMatch(/;\s*Secure/i);
    expect(await cookieFlags({ 'X-Overlay-Proxy-Secret': PROXY_SECRET })).toMatch(/;\s*Secure/i);
  });
});
