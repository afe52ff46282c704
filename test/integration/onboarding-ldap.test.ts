/**
 * Approved accounts created in a writable OpenLDAP (DIRECTORY_WRITE=ldap): the entry and its
 * memberships, the one-time set-password link served by the running overlay without sign-in, a
 * real bind with the password it set, and what expired, used, replaced or unknown links say.
 */
import { Hono } from 'hono';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryUnavailableError } from '../../server/directory/types.ts';
import { createErrorRenderer } from '../../server/http/errors.ts';
import type { OverlayEnv } from '../../server/http/env.ts';
import { createLogger } from '../../server/log.ts';
import { createLdapAccountCreator, type LdapAccountSettings } from '../../server/onboarding/ldap-creator.ts';
import { createLdapSetPassword } from '../../server/onboarding/ldap-set-password.ts';
import { createPasswordLinks, LINK_TTL_MS } from '../../server/onboarding/links.ts';
import { setPasswordRoutes } from '../../server/onboarding/set-password-routes.ts';
import type { AccountCreator, NewAccount } from '../../server/onboarding/types.ts';
import type { DirectoryWriter } from '../../server/users/types.ts';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import { groupDN, userDN } from '../harness/seed.ts';
import { startStack, type Stack } from '../harness/stack.ts';

const ORIGIN = 'https://stream.example.org';
const GOOD_PASSWORD = 'harbour-lights-7-copper';
const log = createLogger('silent');

let slapd: Slapd;
let stack: Stack;
let creator: AccountCreator;
beforeAll(async () => {
  slapd = await startSlapd({ writable: true });
  stack = await startStack({ mode: 'forward-auth', ldap: slapd, env: { DIRECTORY_WRITE: 'ldap', REVOCATION_INTERVAL: '0' } });
  creator = stack.overlay.services!.onboarding!;
});
afterAll(async () => {
  await stack?.stop();
  await slapd?.stop();
});

const account = (username: string, extra: Partial<NewAccount> = {}): NewAccount => ({
  username,
  name: 'Nina Newbie',
  email: `${username}@example.test`,
  groups: ['vid_public'],
  ...extra,
});
const dn = (username: string) => userDN(slapd.baseDN, username);

async function asRoot<T>(op: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: slapd.url });
  try {
    await client.bind(slapd.rootDN, slapd.rootPassword);
    return await op(client);
  } finally {
    await client.unbind();
  }
}
const members = (group: string) =>
  asRoot(async (client) => {
    const { searchEntries } = await client.search(groupDN(slapd.baseDN, group), { scope: 'base', attributes: ['member'] });
    return [searchEntries[0]?.member ?? []].flat().map(String);
  });
const entries = (username: string) =>
  asRoot(async (client) => (await client.search(`ou=users,${slapd.baseDN}`, { filter: `(uid=${username})` })).searchEntries);
const bindsAs = async (username: string, password: string) => {
  const client = new Client({ url: slapd.url });
  try {
    return await client.bind(dn(username), password).then(
      () => true,
      () => false,
    );
  } finally {
    await client.unbind();
  }
};

/** The link's path and query, asked of the running overlay with no identity headers at all. */
const local = (url: string) => `${stack.overlay.url}${new URL(url).pathname}${new URL(url).search}`;
const postForm = (fields: Record<string, string>) =>
  fetch(`${stack.overlay.url}/set-password`, { method: 'POST', headers: { Origin: stack.overlay.url }, body: new URLSearchParams(fields) });
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

describe('approving into LDAP', () => {
  it('creates the inetOrgPerson entry, its memberships and a one-time link', async () => {
    const result = await creator.createAccount(account('newbie', { groups: ['vid_public', 'vid_ops; night'] }), 'demo-admin', `${ORIGIN}/ignored/path`);
    expect(result.created).toBe(true);
    expect(result.passwordSetup).toMatchObject({ kind: 'link', emailed: false });
    const setup = result.passwordSetup as { url: string; expiresAt: string };
    expect(setup.url).toMatch(/^https:\/\/stream\.example\.org\/set-password\?token=[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(setup.expiresAt) - Date.now()).toBeGreaterThan(LINK_TTL_MS - 60_000);
    const [entry, ...others] = await entries('newbie');
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      dn: dn('newbie'),
      cn: 'newbie',
      uid: 'newbie',
      sn: 'Newbie',
      givenName: 'Nina',
      displayName: 'Nina Newbie',
      mail: 'newbie@example.test',
    });
    expect(entry!.objectClass).toContain('inetOrgPerson');
    expect(entry!.userPassword).toBeUndefined();
    expect(await members('vid_public')).toContain(dn('newbie'));
    expect(await members('vid_ops; night')).toContain(dn('newbie'));
    expect(await members('tak_cyan')).not.toContain(dn('newbie'));
  });

  it('the link sets a password the person then binds with, once', async () => {
    const { passwordSetup } = await creator.createAccount(account('binder'), 'demo-admin', ORIGIN);
    const url = (passwordSetup as { url: string }).url;
    const form = await fetch(local(url));
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    expect(form.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await form.text()).toContain('Choose the password for <strong>binder</strong>');
    const done = await postForm({ token: tokenOf(url), password: GOOD_PASSWORD, repeat: GOOD_PASSWORD });
    expect([done.status, await done.text()]).toEqual([200, expect.stringContaining('Password set')]);
    expect(await bindsAs('binder', GOOD_PASSWORD)).toBe(true);
    // The directory hashed it with its own scheme: the clear text is stored nowhere.
    expect(String((await entries('binder'))[0]!.userPassword)).toMatch(/^\{SSHA\}/);
    expect((await stack.overlay.services!.directory!.authenticate('binder', GOOD_PASSWORD))?.groups).toEqual(['vid_public']);
    // Used up: neither the page nor another post works, and the password stays the one set.
    const again = await postForm({ token: tokenOf(url), password: 'another-long-password-2', repeat: 'another-long-password-2' });
    expect([again.status, await again.text()]).toEqual([410, expect.stringContaining('already set the password for binder')]);
    expect((await fetch(local(url))).status).toBe(410);
    expect(await bindsAs('binder', 'another-long-password-2')).toBe(false);
  });

  it('names every policy rule broken, on the form again, and keeps the link usable', async () => {
    const { passwordSetup } = await creator.createAccount(account('picky'), 'demo-admin', ORIGIN);
    const token = tokenOf((passwordSetup as { url: string }).url);
    const refused = await postForm({ token, password: 'picky', repeat: 'pickyy' });
    const page = await refused.text();
    expect(refused.status).toBe(400);
    expect(page).toContain('must be at least 12 characters long (it has 5)');
    expect(page).toContain('must not contain your username');
    expect(page).toContain('The repeated password does not match the password.');
    expect(await (await postForm({ token, password: 'Password1234', repeat: 'Password1234' })).text()).toContain('is one of the most common passwords');
    expect(await bindsAs('picky', 'Password1234')).toBe(false);
    expect((await postForm({ token, password: GOOD_PASSWORD, repeat: GOOD_PASSWORD })).status).toBe(200);
  });

  it('says clearly when a link is unknown, or a newer one replaced it', async () => {
    const unknown = await fetch(`${stack.overlay.url}/set-password?token=${'x'.repeat(43)}`, { headers: { Accept: 'text/html' } });
    expect([unknown.status, await unknown.text()]).toEqual([404, expect.stringContaining('ask the admin who approved your access')]);
    const first = await creator.createAccount(account('relinked'), 'demo-admin', ORIGIN);
    const second = await creator.createAccount(account('relinked'), 'demo-admin', ORIGIN);
    expect(second.created).toBe(false);
    const old = await fetch(local((first.passwordSetup as { url: string }).url));
    expect([old.status, await old.text()]).toEqual([410, expect.stringContaining('A newer set-password link was made for relinked')]);
    expect((await fetch(local((second.passwordSetup as { url: string }).url))).status).toBe(200);
  });

  it('refuses a missing group or a name that belongs to someone else, writing nothing', async () => {
    await expect(creator.createAccount(account('typo', { groups: ['vid_public', 'vid_nope'] }), 'demo-admin', ORIGIN)).rejects.toMatchObject({
      status: 400,
      details: { field: 'groups', message: expect.stringContaining('"vid_nope" is not in the directory') },
    });
    expect(await entries('typo')).toEqual([]);
    await expect(creator.createAccount(account('tak_x', { groups: ['tak_cyan'] }), 'demo-admin', ORIGIN)).rejects.toMatchObject({
      status: 400,
      details: { field: 'groups' },
    });
    // An account with this name but another email is someone else's: never reused, never given a link.
    const impostor = account('alice', { email: 'not-alice@example.test', groups: ['vid_admin'] });
    await expect(creator.createAccount(impostor, 'demo-admin', ORIGIN)).rejects.toMatchObject({ status: 409, details: { field: 'username' } });
    expect(await members('vid_admin')).not.toContain(dn('alice'));
  });
});

describe('a retried approve and the link clock', () => {
  let clock = Date.now();
  let failNext = true;
  let app: Hono<OverlayEnv>;
  let flaky: AccountCreator;
  beforeAll(() => {
    const services = stack.overlay.services!;
    const settings = stack.overlay.config.ldap as LdapAccountSettings;
    const real = services.users.writer!;
    // The second group add fails once, as a directory hiccup half-way through an approve would.
    const writer: DirectoryWriter = {
      ...real,
      addMember: async (user, group) => {
        if (group === 'vid_private' && failNext) {
          failNext = false;
          throw new DirectoryUnavailableError('LDAP: connection reset');
        }
        return real.addMember(user, group);
      },
    };
    const links = createPasswordLinks({ documents: services.store.documents, now: () => clock });
    flaky = createLdapAccountCreator({ settings, directory: services.directory!, writer, links, groupPrefix: 'vid_', log });
    app = new Hono<OverlayEnv>();
    app.onError(createErrorRenderer(log));
    app.route(
      '/',
      setPasswordRoutes({ service: createLdapSetPassword({ settings, directory: services.directory!, links, log }), proxySecret: null, log, postsPerIp: 3 }),
    );
  });

  it('finishes a half-done approve without duplicates', async () => {
    const wanted = account('halfway', { groups: ['vid_public', 'vid_private'] });
    await expect(flaky.createAccount(wanted, 'demo-admin', ORIGIN)).rejects.toMatchObject({
      status: 503,
      message:
        'The account "halfway" exists, but adding it to vid_private failed: the directory cannot be reached right now. Approving again finishes the rest.',
    });
    expect(await entries('halfway')).toHaveLength(1);
    expect(await members('vid_public')).toContain(dn('halfway'));
    expect(await members('vid_private')).not.toContain(dn('halfway'));
    const retried = await flaky.createAccount(wanted, 'demo-admin', ORIGIN);
    expect(retried).toMatchObject({ created: false, passwordSetup: { kind: 'link' } });
    expect(await entries('halfway')).toHaveLength(1);
    for (const group of ['vid_public', 'vid_private']) expect((await members(group)).filter((m) => m === dn('halfway'))).toHaveLength(1);
  });

  it('an expired link fails clearly, naming who to ask', async () => {
    const { passwordSetup } = await flaky.createAccount(account('sleepy'), 'demo-admin', ORIGIN);
    const path = `/set-password?token=${tokenOf((passwordSetup as { url: string }).url)}`;
    expect((await app.request(path)).status).toBe(200);
    clock += LINK_TTL_MS;
    const expired = await app.request(path);
    expect([expired.status, await expired.text()]).toEqual([410, expect.stringContaining('has expired (links last 24 hours). Please ask demo-admin')]);
    const post = await app.request('/set-password', {
      method: 'POST',
      body: new URLSearchParams({ token: tokenOf((passwordSetup as { url: string }).url), password: GOOD_PASSWORD, repeat: GOOD_PASSWORD }),
    });
    expect(post.status).toBe(410);
    expect(await bindsAs('sleepy', GOOD_PASSWORD)).toBe(false);
  });

  it('limits form posts per address', async () => {
    const post = () => app.request('/set-password', { method: 'POST', body: new URLSearchParams({ token: 'y'.repeat(43), password: 'p', repeat: 'p' }) });
    expect((await post()).status).toBe(404);
    expect((await post()).status).toBe(404);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
