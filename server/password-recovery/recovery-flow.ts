/**
 * "Enable password recovery": reads what Authentik holds, creates only the missing pieces in
 * order (flow, stages, prompt fields, bindings, the brand's recovery flow, the login page's link)
 * and reads again, so the answer shows what is really there. Running it twice creates nothing.
 */
import type { RecoveryStatus, RecoveryStepKey } from '../contract.ts';
import { OverlayError } from '../http/errors.ts';
import type { RecoveryFlowApi } from './recovery-flow-api.ts';
import {
  bindingRequest,
  brandOf,
  describeRecovery,
  EMAIL_STAGE,
  flowPkOf,
  IDENTIFICATION_STAGE,
  loginStageOf,
  missingSteps,
  PASSWORD_FIELDS,
  passwordStageRequest,
  RECOVERY_FLOW,
  USER_WRITE_STAGE,
  type RecoverySnapshot,
} from './recovery-flow-plan.ts';

export interface RecoveryResult extends RecoveryStatus {
  /** Keys of the items this run created or set, in the order it did. */
  created: RecoveryStepKey[];
}

export interface PasswordRecovery {
  status(): Promise<RecoveryStatus>;
  enable(): Promise<RecoveryResult>;
}

type Step = (api: RecoveryFlowApi, s: RecoverySnapshot) => Promise<void>;

const bindStep =
  (key: RecoveryStepKey): Step =>
  (api, s) =>
    api.bind(bindingRequest(s, key));

/** Each step records what it made in the snapshot, for the steps after it. */
const STEPS: Record<RecoveryStepKey, Step> = {
  flow: async (api, s) => {
    s.flowPk = await api.createFlow(RECOVERY_FLOW);
  },
  'identification-stage': async (api, s) => {
    s.stagePks.identification = await api.createIdentificationStage(IDENTIFICATION_STAGE);
  },
  'email-stage': async (api, s) => {
    s.stagePks.email = await api.createEmailStage(EMAIL_STAGE);
  },
  'password-field': async (api, s) => {
    s.promptPks.password = await api.createPrompt(PASSWORD_FIELDS.password);
  },
  'password-repeat-field': async (api, s) => {
    s.promptPks['password-repeat'] = await api.createPrompt(PASSWORD_FIELDS['password-repeat']);
  },
  'password-stage': async (api, s) => {
    s.stagePks.password = await api.createPromptStage(passwordStageRequest(s));
  },
  'user-write-stage': async (api, s) => {
    s.stagePks['user-write'] = await api.createUserWriteStage(USER_WRITE_STAGE);
  },
  'binding-identification': bindStep('binding-identification'),
  'binding-email': bindStep('binding-email'),
  'binding-password': bindStep('binding-password'),
  'binding-user-write': bindStep('binding-user-write'),
  'brand-recovery-flow': (api, s) => api.setBrandRecoveryFlow(brandOf(s).uuid, flowPkOf(s)),
  'login-recovery-link': (api, s) => api.setLoginRecoveryFlow(loginStageOf(s).pk, flowPkOf(s)),
};

export function createPasswordRecovery(options: { api: RecoveryFlowApi }): PasswordRecovery {
  const { api } = options;
  // Two admins pressing Enable at once share one run instead of racing to create the same objects.
  let running: Promise<RecoveryResult> | null = null;

  async function run(): Promise<RecoveryResult> {
    const snapshot = await api.read();
    const created: RecoveryStepKey[] = [];
    try {
      for (const step of missingSteps(snapshot)) {
        await STEPS[step](api, snapshot);
        created.push(step);
      }
    } catch (error) {
      throw stoppedPartWay(error, created);
    }
    return { ...describeRecovery(await api.read()), created };
  }

  return {
    status: async () => describeRecovery(await api.read()),
    enable() {
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}

/** What was made before a failure stays (the next run reuses it), and the answer says so. */
function stoppedPartWay(error: unknown, created: RecoveryStepKey[]): unknown {
  if (!(error instanceof OverlayError) || created.length === 0) return error;
  const { details } = error;
  return new OverlayError(error.status, {
    ...details,
    message: `${details.message} Created before that: ${created.join(', ')}. Run Enable again to finish; it reuses what exists.`,
    body: { ...details.body, created },
  });
}
