/**
 * What "Enable password recovery" builds in Authentik — the recovery flow the TAK Portal guide
 * builds by hand — and, from a snapshot of what Authentik holds, which pieces are there and which
 * are missing. No I/O here. Every object is known by a fixed slug or name, so a second run finds
 * what the first created and creates nothing.
 */
import type {
  EmailStageRequest,
  FlowRequest,
  FlowStageBindingRequest,
  IdentificationStageRequest,
  PromptRequest,
  PromptStageRequest,
  UserWriteStageRequest,
} from '@goauthentik/api';
import type { RecoveryItem, RecoveryItemKey, RecoveryStatus, RecoveryStepKey } from '../contract.ts';

export const RECOVERY_FLOW: FlowRequest = {
  name: 'Password recovery',
  slug: 'vid-password-recovery',
  title: 'Reset your password',
  designation: 'recovery',
  authentication: 'require_unauthenticated',
};

export const IDENTIFICATION_STAGE: IdentificationStageRequest = { name: 'vid-recovery-identification', userFields: ['email', 'username'] };

export const EMAIL_STAGE: EmailStageRequest = {
  name: 'vid-recovery-email',
  useGlobalSettings: true,
  subject: 'Reset your password',
  template: 'email/password_reset.html',
  activateUserOnSuccess: true,
};

export type PromptKey = 'password' | 'password-repeat';

/** Authentik's prompt stage checks that `password` and `password_repeat` match. */
export const PASSWORD_FIELDS: Record<PromptKey, PromptRequest> = {
  password: {
    name: 'vid-recovery-field-password',
    fieldKey: 'password',
    label: 'New password',
    type: 'password',
    required: true,
    placeholder: 'New password',
    order: 0,
  },
  'password-repeat': {
    name: 'vid-recovery-field-password-repeat',
    fieldKey: 'password_repeat',
    label: 'New password (again)',
    type: 'password',
    required: true,
    placeholder: 'New password (again)',
    order: 1,
  },
};

export const PASSWORD_STAGE_NAME = 'vid-recovery-password';

export const USER_WRITE_STAGE: UserWriteStageRequest = { name: 'vid-recovery-user-write', userCreationMode: 'never_create' };

export type StageKey = 'identification' | 'email' | 'password' | 'user-write';

const STAGE_NAMES: Record<StageKey, string> = {
  identification: IDENTIFICATION_STAGE.name,
  email: EMAIL_STAGE.name,
  password: PASSWORD_STAGE_NAME,
  'user-write': USER_WRITE_STAGE.name,
};

/** The TAK Portal order: who are you, prove it by email, choose a password, save it. */
const BINDINGS = [
  { stage: 'identification', order: 10 },
  { stage: 'email', order: 20 },
  { stage: 'password', order: 30 },
  { stage: 'user-write', order: 40 },
] as const satisfies ReadonlyArray<{ stage: StageKey; order: number }>;

/** What Authentik holds, as far as recovery is concerned (pks are UUIDs; null = not found). */
export interface RecoverySnapshot {
  flowPk: string | null;
  stagePks: Record<StageKey, string | null>;
  promptPks: Record<PromptKey, string | null>;
  /** Pks of the stages bound to the recovery flow. */
  boundStages: readonly string[];
  /** The default brand, whose recovery flow Authentik offers. */
  brand: { uuid: string; domain: string; recoveryFlow: string | null } | null;
  /** The identification stage that opens the brand's login flow: it draws the "Forgot password?" link. */
  login: { flowSlug: string | null; stage: { pk: string; name: string; recoveryFlow: string | null } | null };
  /** Authentik records an `email_sent` event only after its SMTP server took a message. */
  emailSent: { at: string } | 'none' | 'unknown';
}

interface Check {
  present: boolean;
  detail: string;
  /** False when Enable cannot make it present (no brand, no login stage): the detail says what to do. */
  creatable?: boolean;
}

interface Piece {
  key: RecoveryItemKey;
  label: string;
  check(s: RecoverySnapshot): Check;
}

const object = (pk: string | null, name: string): Check =>
  pk ? { present: true, detail: `"${name}" exists` } : { present: false, detail: `"${name}" is missing: Enable creates it` };

const binding = ({ stage, order }: (typeof BINDINGS)[number]): Piece => ({
  key: `binding-${stage}`,
  label: `Step ${order}: ${STAGE_NAMES[stage]}`,
  check(s) {
    const pk = s.stagePks[stage];
    if (s.flowPk && pk && s.boundStages.includes(pk)) return { present: true, detail: `"${STAGE_NAMES[stage]}" is bound to the flow` };
    return { present: false, detail: `"${STAGE_NAMES[stage]}" is not bound to the flow: Enable binds it at order ${order}` };
  },
});

/** Whether `current` points at the recovery flow, and what Enable would change. */
function pointsAtFlow(s: RecoverySnapshot, current: string | null, where: string): Check {
  if (s.flowPk && current === s.flowPk) return { present: true, detail: `${where} uses "${RECOVERY_FLOW.slug}"` };
  if (current) return { present: false, detail: `${where} uses another recovery flow (${current}): Enable switches it to "${RECOVERY_FLOW.slug}"` };
  return { present: false, detail: `${where} has no recovery flow: Enable sets "${RECOVERY_FLOW.slug}"` };
}

const TEST_MAIL = "send a test with `ak test_email <address>` in Authentik's worker (docker compose exec worker ak test_email …)";

/** In dependency order: a step only needs what an earlier one made. */
const PIECES: readonly Piece[] = [
  { key: 'flow', label: `Recovery flow "${RECOVERY_FLOW.slug}"`, check: (s) => object(s.flowPk, RECOVERY_FLOW.slug) },
  {
    key: 'identification-stage',
    label: 'Identification stage (email or username)',
    check: (s) => object(s.stagePks.identification, IDENTIFICATION_STAGE.name),
  },
  { key: 'email-stage', label: 'Email stage (sends the reset link)', check: (s) => object(s.stagePks.email, EMAIL_STAGE.name) },
  { key: 'password-field', label: 'Prompt field "password"', check: (s) => object(s.promptPks.password, PASSWORD_FIELDS.password.name) },
  {
    key: 'password-repeat-field',
    label: 'Prompt field "password_repeat"',
    check: (s) => object(s.promptPks['password-repeat'], PASSWORD_FIELDS['password-repeat'].name),
  },
  { key: 'password-stage', label: 'Password prompt stage', check: (s) => object(s.stagePks.password, PASSWORD_STAGE_NAME) },
  { key: 'user-write-stage', label: 'User write stage (saves the password)', check: (s) => object(s.stagePks['user-write'], USER_WRITE_STAGE.name) },
  ...BINDINGS.map(binding),
  {
    key: 'brand-recovery-flow',
    label: "The brand's recovery flow",
    check: (s) =>
      s.brand
        ? pointsAtFlow(s, s.brand.recoveryFlow, `Brand "${s.brand.domain}"`)
        : { present: false, creatable: false, detail: 'Authentik has no default brand: set the recovery flow on your brand by hand (System → Brands)' },
  },
  {
    key: 'login-recovery-link',
    label: '"Forgot password?" link on the login page',
    check: (s) => {
      const { flowSlug, stage } = s.login;
      if (stage) return pointsAtFlow(s, stage.recoveryFlow, `Login stage "${stage.name}"`);
      const where = flowSlug ? `the login flow "${flowSlug}" has no identification stage` : 'no login (authentication) flow was found';
      return { present: false, creatable: false, detail: `${where}: set its recovery flow by hand` };
    },
  },
  {
    key: 'smtp',
    label: 'Email delivery (SMTP) in Authentik',
    check: ({ emailSent }) => {
      if (typeof emailSent === 'object') return { present: true, detail: `Authentik has sent email (last at ${emailSent.at})` };
      const why = emailSent === 'none' ? 'Authentik has no sent email on record' : "this token cannot read Authentik's events";
      return { present: false, creatable: false, detail: `Cannot verify SMTP from the API (${why}): configure AUTHENTIK_EMAIL__* and ${TEST_MAIL}` };
    },
  },
];

export function describeRecovery(s: RecoverySnapshot): RecoveryStatus {
  const items = PIECES.map(({ key, label, check }): RecoveryItem => {
    const { present, detail } = check(s);
    return { key, label, present, detail, ...(key === 'smtp' && { checkOnly: true as const }) };
  });
  return { items, complete: items.every((item) => item.present || item.checkOnly) };
}

/** What Enable does, in order: every missing piece it can create or set. */
export function missingSteps(s: RecoverySnapshot): RecoveryStepKey[] {
  return PIECES.filter((p): p is Piece & { key: RecoveryStepKey } => {
    if (p.key === 'smtp') return false;
    const { present, creatable = true } = p.check(s);
    return !present && creatable;
  }).map((p) => p.key);
}

function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`password recovery: ${what} is not known yet (steps out of order)`);
  return value;
}

export function passwordStageRequest(s: RecoverySnapshot): PromptStageRequest {
  return {
    name: PASSWORD_STAGE_NAME,
    fields: [required(s.promptPks.password, 'the password field'), required(s.promptPks['password-repeat'], 'the repeat field')],
  };
}

export function bindingRequest(s: RecoverySnapshot, key: RecoveryStepKey): FlowStageBindingRequest {
  const found = BINDINGS.find((b) => `binding-${b.stage}` === key);
  const spec = required(found, `a binding for ${key}`);
  return { target: required(s.flowPk, 'the recovery flow'), stage: required(s.stagePks[spec.stage], STAGE_NAMES[spec.stage]), order: spec.order };
}

export const flowPkOf = (s: RecoverySnapshot) => required(s.flowPk, 'the recovery flow');
export const brandOf = (s: RecoverySnapshot) => required(s.brand, 'the brand');
export const loginStageOf = (s: RecoverySnapshot) => required(s.login.stage, 'the login stage');
