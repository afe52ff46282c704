import { describe, expect, it } from 'vitest';
import { bindingRequest, describeRecovery, missingSteps, passwordStageRequest, type RecoverySnapshot } from './recovery-flow-plan.ts';

const FLOW = 'flow-uuid';

function nothing(): RecoverySnapshot {
  return {
    flowPk: null,
    stagePks: { identification: null, email: null, password: null, 'user-write': null },
    promptPks: { password: null, 'password-repeat': null },
    boundStages: [],
    brand: { uuid: 'brand-uuid', domain: 'authentik-default', recoveryFlow: null },
    login: { flowSlug: 'default-authentication-flow', stage: { pk: 'login-id', name: 'default-authentication-identification', recoveryFlow: null } },
    emailSent: 'none',
  };
}

function everything(): RecoverySnapshot {
  return {
    ...nothing(),
    flowPk: FLOW,
    stagePks: { identification: 's-id', email: 's-mail', password: 's-pw', 'user-write': 's-uw' },
    promptPks: { password: 'p-1', 'password-repeat': 'p-2' },
    boundStages: ['s-id', 's-mail', 's-pw', 's-uw'],
    brand: { uuid: 'brand-uuid', domain: 'authentik-default', recoveryFlow: FLOW },
    login: { flowSlug: 'default-authentication-flow', stage: { pk: 'login-id', name: 'default-authentication-identification', recoveryFlow: FLOW } },
  };
}

const item = (s: RecoverySnapshot, key: string) => describeRecovery(s).items.find((i) => i.key === key)!;

describe('planning password recovery', () => {
  it('creates every piece, in dependency order, when nothing exists', () => {
    expect(missingSteps(nothing())).toEqual([
      'flow',
      'identification-stage',
      'email-stage',
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
    ]);
    expect(describeRecovery(nothing()).complete).toBe(false);
  });

  it('plans nothing once everything is there, and calls that complete even without proof of SMTP', () => {
    expect(missingSteps(everything())).toEqual([]);
    const status = describeRecovery(everything());
    expect(status.complete).toBe(true);
    expect(status.items.filter((i) => !i.present).map((i) => i.key)).toEqual(['smtp']);
  });

  it('completes a flow that exists without bindings, reusing its stages', () => {
    const partial = { ...everything(), boundStages: ['s-id'], brand: { uuid: 'brand-uuid', domain: 'authentik-default', recoveryFlow: null } };
    expect(missingSteps(partial)).toEqual(['binding-email', 'binding-password', 'binding-user-write', 'brand-recovery-flow']);
  });

  it('binds in the TAK Portal order: identification, email, password prompt, user write', () => {
    const s = everything();
    expect((['binding-identification', 'binding-email', 'binding-password', 'binding-user-write'] as const).map((k) => bindingRequest(s, k))).toEqual([
      { target: FLOW, stage: 's-id', order: 10 },
      { target: FLOW, stage: 's-mail', order: 20 },
      { target: FLOW, stage: 's-pw', order: 30 },
      { target: FLOW, stage: 's-uw', order: 40 },
    ]);
    expect(passwordStageRequest(s)).toEqual({ name: 'vid-recovery-password', fields: ['p-1', 'p-2'] });
  });

  it('refuses to build a step whose inputs are not known yet', () => {
    expect(() => bindingRequest(nothing(), 'binding-email')).toThrow(/recovery flow is not known/);
    expect(() => passwordStageRequest(nothing())).toThrow(/password field is not known/);
  });

  it('switches a brand and login stage that point at another recovery flow, and says so first', () => {
    const other = { ...everything(), brand: { uuid: 'b', domain: 'sso.example.org', recoveryFlow: 'old-flow' } };
    expect(item(other, 'brand-recovery-flow')).toMatchObject({ present: false, detail: expect.stringMatching(/another recovery flow \(old-flow\).*switches/) });
    expect(missingSteps(other)).toEqual(['brand-recovery-flow']);
  });

  it('leaves to the admin what it cannot create: no default brand, no identification stage in the login flow', () => {
    const s = { ...everything(), brand: null, login: { flowSlug: 'custom-login', stage: null } };
    expect(missingSteps(s)).toEqual([]);
    expect(describeRecovery(s).complete).toBe(false);
    expect(item(s, 'brand-recovery-flow').detail).toMatch(/no default brand.*by hand/);
    expect(item(s, 'login-recovery-link').detail).toMatch(/"custom-login" has no identification stage.*by hand/);
    expect(item({ ...s, login: { flowSlug: null, stage: null } }, 'login-recovery-link').detail).toMatch(/no login \(authentication\) flow/);
  });

  it("reports SMTP from Authentik's sent-email events, and says how to test when it cannot tell", () => {
    expect(item({ ...everything(), emailSent: { at: '2026-01-02T03:04:05Z' } }, 'smtp')).toMatchObject({
      present: true,
      checkOnly: true,
      detail: expect.stringContaining('2026-01-02T03:04:05Z'),
    });
    expect(item(everything(), 'smtp').detail).toMatch(/Cannot verify SMTP from the API \(Authentik has no sent email on record\).*ak test_email/);
    expect(item({ ...everything(), emailSent: 'unknown' }, 'smtp').detail).toMatch(/cannot read Authentik's events/);
  });
});
