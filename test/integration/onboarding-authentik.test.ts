/**
 * Approved accounts created through the Authentik API (its double): the user once, its groups by
 * add_user only, then Authentik's recovery link for the admin — or Authentik's own recovery email
 * when it has a password-reset email stage — and what a missing recovery flow or a failure half-way
 * leaves for a retry to finish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverlayError } from '../../server/http/errors.ts';
import { createLogger } from '../../server/log.ts';
import { createAuthentikAccountCreator } from '../../server/onboarding/authentik-creator.ts';
import type { AccountCreator, NewAccount } from '../../server/onboarding/types.ts';
import { createAuthentikClient, type AuthentikClient } from '../../server/users/authentik/client.ts';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../doubles/authentik/index.ts';

const TOKEN = 'ak-onboarding-test-token';
const ORIGIN = 'https://stream.example.org';
const DAY_MS = 24 * 3_600_000;
const log = createLogger('silent');

let ak: AuthentikDouble;
let client: AuthentikClient;
let creator: AccountCreator;
beforeAll(async () => {
  ak = await startAuthentikDouble({ token: TOKEN, ...authentikSeed() });
  client = createAuthentikClient({ url: ak.url, token: TOKEN });
  creator = createAuthentikAccountCreator({ client, groupPrefix: 'vid_', log });
});
afterAll(() => ak?.stop());

const account = (username: string, groups = ['vid_public', 'vid_ops; night']): NewAccount => ({
  username,
  name: 'Nora New',
  email: `${username}@example.test`,
  groups,
});
const callsTo = (method: string, pattern: RegExp) => ak.calls.filter((c) => c.method === method && pattern.test(c.path));
const userCreations = (username: string) =>
  callsTo('POST', /^\/api\/v3\/core\/users\/$/).filter((c) => (c.body as { username?: string }).username === username);
const pkOf = (username: string) => ak.model.userNamed(username)!.pk;

function enableRecovery(): void {
  const flow =
    ak.flows.flowSlugged('vid-password-recovery') ??
    ak.flows.addFlow({ name: 'Password recovery', slug: 'vid-password-recovery', title: 'Reset your password', designation: 'recovery' });
  ak.model.brand.flow_recovery = flow.pk;
}

describe('approving into Authentik', () => {
  beforeAll(enableRecovery);

  it('creates the user once, adds groups by add_user only, and hands the admin a 24-hour recovery link', async () => {
    const before = ak.calls.length;
    const result = await creator.createAccount(account('nora'), 'demo-admin', ORIGIN);
    expect(result).toMatchObject({ created: true, passwordSetup: { kind: 'link', emailed: false } });
    const setup = result.passwordSetup as { url: string; expiresAt: string };
    expect(setup.url).toMatch(new RegExp(`^${ak.url}/if/flow/vid-password-recovery/\\?flow_token=`));
    expect(Date.parse(setup.expiresAt) - Date.now()).toBeGreaterThan(DAY_MS - 60_000);
    expect(Date.parse(ak.onboarding.recoveryTokens.get(pkOf('nora'))!.expires) - Date.now()).toBeGreaterThan(DAY_MS - 60_000);
    expect(userCreations('nora').map((c) => c.body)).toEqual([{ username: 'nora', name: 'Nora New', email: 'nora@example.test', is_active: true }]);
    expect(ak.membersOf('vid_public')).toContain('nora');
    expect(ak.membersOf('vid_ops; night')).toContain('nora');
    const writes = ak.calls
      .slice(before)
      .filter((c) => c.method !== 'GET')
      .map((c) => `${c.method} ${c.path.replace(/[0-9a-f-]{36}|\/\d+\//g, (m) => (m.startsWith('/') ? '/<pk>/' : '<uuid>'))}`);
    expect(writes).toEqual([
      'POST /api/v3/core/users/',
      'POST /api/v3/core/groups/<uuid>/add_user/',
      'POST /api/v3/core/groups/<uuid>/add_user/',
      'POST /api/v3/core/users/<pk>/recovery/',
    ]);
  });

  it('a retry reuses the user and its memberships, and the new link replaces the old', async () => {
    const old = ak.onboarding.recoveryTokens.get(pkOf('nora'))!.key;
    const before = ak.calls.length;
    const again = await creator.createAccount(account('nora'), 'demo-admin', ORIGIN);
    expect(again).toMatchObject({ created: false, passwordSetup: { kind: 'link' } });
    expect(
      ak.calls
        .slice(before)
        .filter((c) => c.method !== 'GET')
        .map((c) => c.path),
    ).toEqual([`/api/v3/core/users/${pkOf('nora')}/recovery/`]);
    expect(ak.onboarding.recoveryTokens.get(pkOf('nora'))!.key).not.toBe(old);
    expect(userCreations('nora')).toHaveLength(1);
  });

  it('finishes an approve that failed half-way, creating no duplicate', async () => {
    let failed = false;
    const flaky: AuthentikClient = {
      ...client,
      async addUser(groupPk, userPk) {
        if (!failed && groupPk === ak.model.groupNamed('vid_ops; night')!.pk) {
          failed = true;
          throw new OverlayError(502, { title: 'Authentik is not answering', message: 'Authentik could not be reached while adding a member.' });
        }
        return client.addUser(groupPk, userPk);
      },
    };
    const halfway = createAuthentikAccountCreator({ client: flaky, groupPrefix: 'vid_', log });
    await expect(halfway.createAccount(account('hal'), 'demo-admin', ORIGIN)).rejects.toMatchObject({
      status: 502,
      message:
        'The account "hal" exists, but adding it to vid_ops; night failed: Authentik could not be reached while adding a member. Approving again finishes the rest.',
    });
    expect(ak.membersOf('vid_public')).toContain('hal');
    expect(ak.membersOf('vid_ops; night')).not.toContain('hal');
    expect(await halfway.createAccount(account('hal'), 'demo-admin', ORIGIN)).toMatchObject({ created: false, passwordSetup: { kind: 'link' } });
    expect(ak.membersOf('vid_ops; night')).toContain('hal');
    expect(userCreations('hal')).toHaveLength(1);
  });

  it("refuses a missing group before creating anything, and a name that is someone else's", async () => {
    await expect(creator.createAccount(account('ghost', ['vid_public', 'vid_nope']), 'demo-admin', ORIGIN)).rejects.toMatchObject({
      status: 400,
      details: { field: 'groups', message: expect.stringContaining('"vid_nope" is not in the directory') },
    });
    expect(userCreations('ghost')).toEqual([]);
    await expect(creator.createAccount({ ...account('alice'), email: 'not-alice@example.test' }, 'demo-admin', ORIGIN)).rejects.toMatchObject({
      status: 409,
      details: { field: 'username' },
    });
    expect(ak.membersOf('vid_ops; night')).not.toContain('alice');
  });

  it('never sends the replace-all user PATCH, nor a password', () => {
    expect(callsTo('PATCH', /^\/api\/v3\/core\/users\//)).toEqual([]);
    expect(ak.calls.filter((c) => JSON.stringify(c.body ?? '').includes('password'))).toEqual([]);
  });
});

describe('without a recovery flow, and with a recovery email stage', () => {
  it('says to enable password recovery first; the user stays created and a retry finishes', async () => {
    ak.model.brand.flow_recovery = null;
    const refused = await creator.createAccount(account('early'), 'demo-admin', ORIGIN).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, details: { title: 'Password recovery is not enabled' } });
    expect((refused as Error).message).toBe(
      'The account "early" exists, but making its set-password link failed: Authentik has no password recovery flow on its brand, ' +
        'so it can make no set-password link or email. Enable password recovery first, then try again. Approving again finishes the rest.',
    );
    expect(ak.membersOf('vid_public')).toContain('early');
    enableRecovery();
    expect(await creator.createAccount(account('early'), 'demo-admin', ORIGIN)).toMatchObject({ created: false, passwordSetup: { kind: 'link' } });
    expect(userCreations('early')).toHaveLength(1);
  });

  it('lets Authentik email the link when a password-reset email stage exists (and only then)', async () => {
    ak.flows.addStage('email', 'enrollment-confirmation', { template: 'email/account_confirmation.html' });
    expect((await creator.createAccount(account('mailed'), 'demo-admin', ORIGIN)).passwordSetup.kind).toBe('link');
    const stage = ak.flows.addStage('email', 'vid-recovery-email', { template: 'email/password_reset.html', use_global_settings: true });
    const result = await creator.createAccount(account('mailed'), 'demo-admin', ORIGIN);
    expect(result).toEqual({ created: false, passwordSetup: { kind: 'emailed', by: 'authentik' } });
    expect(callsTo('POST', /\/recovery_email\/$/).map((c) => c.body)).toEqual([{ email_stage: stage.pk, token_duration: 'hours=24' }]);
    expect(ak.onboarding.recoveryEmails).toEqual([
      { to: 'mailed@example.test', stage: 'vid-recovery-email', link: expect.stringContaining('/if/flow/vid-password-recovery/') },
    ]);
  });
});
