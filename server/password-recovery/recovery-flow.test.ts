/**
 * "Enable password recovery" against the Authentik double: what a first run builds, that a second
 * run writes nothing, and that a half-built setup is finished without duplicates.
 */
import { FlowFromJSON, FlowStageBindingFromJSON, IdentificationStageFromJSON } from '@goauthentik/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../../test/doubles/authentik/index.ts';
import { OverlayError } from '../http/errors.ts';
import { createRecoveryFlowApi } from './recovery-flow-api.ts';
import { createPasswordRecovery } from './recovery-flow.ts';

const TOKEN = 'ak-recovery-token';
let ak: AuthentikDouble;
beforeEach(async () => {
  ak = await startAuthentikDouble({ token: TOKEN, ...authentikSeed() });
});
afterEach(() => ak?.stop());

const recovery = (token = TOKEN) => createPasswordRecovery({ api: createRecoveryFlowApi({ url: ak.url, token }) });
const writes = () => ak.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);
const missing = (items: Array<{ key: string; present: boolean }>) => items.filter((i) => !i.present).map((i) => i.key);

async function get(path: string): Promise<Record<string, any>> {
  return (await fetch(`${ak.url}/api/v3${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
}

describe('enabling password recovery in Authentik', () => {
  it("builds the flow, its stages in order, the brand's recovery flow and the login link on a fresh install", async () => {
    const result = await recovery().enable();
    expect(result.complete).toBe(true);
    expect(result.created).toHaveLength(13);
    const flow = ak.flows.flowSlugged('vid-password-recovery')!;
    expect(flow).toMatchObject({ designation: 'recovery', authentication: 'require_unauthenticated', title: 'Reset your password' });

    const bound = ak.flows.bindings.filter((b) => b.target === flow.pk).map((b) => [b.order, ak.flows.stages.get(b.stage)!.name]);
    expect(bound).toEqual([
      [10, 'vid-recovery-identification'],
      [20, 'vid-recovery-email'],
      [30, 'vid-recovery-password'],
      [40, 'vid-recovery-user-write'],
    ]);
    expect(ak.flows.stageNamed('vid-recovery-identification')!.settings.user_fields).toEqual(['email', 'username']);
    expect(ak.flows.stageNamed('vid-recovery-email')!.settings).toMatchObject({
      use_global_settings: true,
      template: 'email/password_reset.html',
      activate_user_on_success: true,
    });
    expect(ak.flows.stageNamed('vid-recovery-user-write')!.settings.user_creation_mode).toBe('never_create');
    const fields = (ak.flows.stageNamed('vid-recovery-password')!.settings.fields as string[]).map((pk) => ak.flows.prompts.get(pk)!.settings);
    expect(fields.map((f) => [f.field_key, f.type])).toEqual([
      ['password', 'password'],
      ['password_repeat', 'password'],
    ]);

    expect(ak.model.brand.flow_recovery).toBe(flow.pk);
    expect(ak.flows.stageNamed('default-authentication-identification')!.settings.recovery_flow).toBe(flow.pk);
  });

  it('creates and changes nothing on a second run', async () => {
    await recovery().enable();
    ak.calls.length = 0;
    const again = await recovery().enable();
    expect(again).toMatchObject({ complete: true, created: [] });
    expect(writes()).toEqual([]);
  });

  it('finishes a half-built setup (the flow and one stage exist, nothing is bound) without duplicates', async () => {
    const flow = ak.flows.addFlow({ name: 'Password recovery', slug: 'vid-password-recovery', title: 'Reset your password', designation: 'recovery' });
    const email = ak.flows.addStage('email', 'vid-recovery-email', { use_global_settings: true });
    const before = await recovery().status();
    expect(missing(before.items)).toEqual([
      'identification-stage',
      'password-field',
      'password-repeat-field',
      'password-stage',
      'user-write-stage',
      'binding-identification',
      'binding-email',
      'binding-password',
      'binding-user-write',
      'brand-recovery-flow',
      'login-recovery-link',
      'smtp',
    ]);

    ak.calls.length = 0;
    const result = await recovery().enable();
    expect(result.created).not.toContain('flow');
    expect(result.created).not.toContain('email-stage');
    expect(writes().filter((w) => w === 'POST /api/v3/flows/instances/' || w === 'POST /api/v3/stages/email/')).toEqual([]);
    expect([...ak.flows.flows.values()].filter((f) => f.slug === 'vid-password-recovery')).toHaveLength(1);
    expect(ak.flows.bindings.filter((b) => b.target === flow.pk).map((b) => b.stage)).toContain(email.pk);
    expect(ak.flows.bindings.filter((b) => b.target === flow.pk)).toHaveLength(4);
    expect(result.complete).toBe(true);
  });

  it("lists what is missing on a fresh install, and reads SMTP from Authentik's sent-email events", async () => {
    const status = await recovery().status();
    expect(status.complete).toBe(false);
    expect(missing(status.items)).toContain('flow');
    expect(status.items.find((i) => i.key === 'login-recovery-link')!.detail).toMatch(/"default-authentication-identification" has no recovery flow/);
    expect(status.items.find((i) => i.key === 'smtp')!.detail).toMatch(/Cannot verify SMTP from the API/);
    expect(writes()).toEqual([]);

    ak.flows.recordEmailSent('2026-03-01T10:00:00.000Z');
    expect((await recovery().status()).items.find((i) => i.key === 'smtp')).toMatchObject({ present: true, checkOnly: true });
  });

  it("finds the login stage through Authentik's fallback when the brand names no login flow", async () => {
    ak.model.brand.flow_authentication = null;
    const other = ak.flows.addFlow({ name: 'Old recovery', slug: 'old-recovery', title: 'Old', designation: 'recovery' });
    ak.model.brand.flow_recovery = other.pk;
    const before = await recovery().status();
    expect(before.items.find((i) => i.key === 'brand-recovery-flow')!.detail).toMatch(/another recovery flow.*switches it/);
    await recovery().enable();
    const flow = ak.flows.flowSlugged('vid-password-recovery')!;
    expect(ak.model.brand.flow_recovery).toBe(flow.pk);
    expect(ak.flows.stageNamed('default-authentication-identification')!.settings.recovery_flow).toBe(flow.pk);
  });

  it('shares one run between two admins pressing Enable at once', async () => {
    const shared = recovery();
    const [a, b] = await Promise.all([shared.enable(), shared.enable()]);
    expect(a).toBe(b);
    expect(writes().filter((w) => w === 'POST /api/v3/flows/instances/')).toHaveLength(1);
  });

  it('says what it made before Authentik refused a step, and a rerun finishes it', async () => {
    ak.flows.addStage('identification', 'vid-recovery-user-write'); // a stranger holds the user write stage's name
    const failed = await recovery()
      .enable()
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OverlayError);
    expect((failed as OverlayError).details.message).toMatch(
      /answered 400 while creating stage "vid-recovery-user-write".*already exists.*Created before that: flow, .*password-stage\. Run Enable again/s,
    );
    ak.flows.stages.delete(ak.flows.stageNamed('vid-recovery-user-write')!.pk);
    expect((await recovery().enable()).created[0]).toBe('user-write-stage');
  });

  it('says what to check when the token is refused', async () => {
    const refused = await recovery('wrong')
      .status()
      .catch((e: unknown) => e);
    expect((refused as OverlayError).details.message).toMatch(/answered 401 .*AUTHENTIK_TOKEN/);
  });

  it('answers in shapes the generated client itself can read (the double stays honest)', async () => {
    await recovery().enable();
    const flow = FlowFromJSON((await get('/flows/instances/?slug=vid-password-recovery')).results[0]);
    expect(flow.stages).toHaveLength(4);
    const binding = FlowStageBindingFromJSON((await get(`/flows/bindings/?target=${flow.pk}`)).results[0]);
    expect(binding.stageObj.name).toBe('vid-recovery-identification');
    const login = IdentificationStageFromJSON((await get('/stages/identification/?name=default-authentication-identification')).results[0]);
    expect(login.recoveryFlow).toBe(flow.pk);
  });
});
