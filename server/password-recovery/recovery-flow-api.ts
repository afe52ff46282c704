/**
 * The Authentik calls behind "Enable password recovery", through the generated client (FlowsApi,
 * StagesApi, CoreApi, EventsApi): read what exists into a RecoverySnapshot, and create or set one
 * piece at a time. Objects are looked up by their fixed slug or name and the match is checked
 * here too, so a server that ignored the filter would not make us reuse a stranger's object.
 */
import {
  CoreApi,
  EventsApi,
  FlowsApi,
  StagesApi,
  type EmailStageRequest,
  type FlowRequest,
  type FlowStageBindingRequest,
  type IdentificationStageRequest,
  type PromptRequest,
  type PromptStageRequest,
  type UserWriteStageRequest,
} from '@goauthentik/api';
import { asArray, authentikCalls, oddAnswer, PAGE_SIZE, text, type AuthentikConnection, type Json, type Raw } from '../users/authentik/api-calls.ts';
import {
  EMAIL_STAGE,
  IDENTIFICATION_STAGE,
  PASSWORD_FIELDS,
  PASSWORD_STAGE_NAME,
  RECOVERY_FLOW,
  USER_WRITE_STAGE,
  type RecoverySnapshot,
} from './recovery-flow-plan.ts';

export interface RecoveryFlowApi {
  read(): Promise<RecoverySnapshot>;
  createFlow(request: FlowRequest): Promise<string>;
  createIdentificationStage(request: IdentificationStageRequest): Promise<string>;
  createEmailStage(request: EmailStageRequest): Promise<string>;
  createPrompt(request: PromptRequest): Promise<string>;
  createPromptStage(request: PromptStageRequest): Promise<string>;
  createUserWriteStage(request: UserWriteStageRequest): Promise<string>;
  bind(request: FlowStageBindingRequest): Promise<void>;
  setBrandRecoveryFlow(brandUuid: string, flowPk: string): Promise<void>;
  setLoginRecoveryFlow(stagePk: string, flowPk: string): Promise<void>;
}

type Fetch = (init: RequestInit) => Promise<Raw>;

const nullableText = (value: unknown) => text(value) || null;

export function createRecoveryFlowApi(connection: AuthentikConnection): RecoveryFlowApi {
  const { configuration, json, allPages } = authentikCalls(connection);
  const flows = new FlowsApi(configuration);
  const stages = new StagesApi(configuration);
  const core = new CoreApi(configuration);
  const events = new EventsApi(configuration);

  /** The row whose `field` is exactly `value`, from a list already filtered by it. */
  async function findRow(what: string, field: string, value: string, op: Fetch): Promise<Json | null> {
    return asArray((await json(what, op)).results).find((row) => row[field] === value) ?? null;
  }
  const pkOf = (row: Json | null) => (row ? nullableText(row.pk) : null);
  const findByName = async (kind: string, name: string, op: Fetch) => pkOf(await findRow(`looking up ${kind} "${name}"`, 'name', name, op));

  async function created(what: string, op: Fetch): Promise<string> {
    const pk = pkOf(await json(what, op));
    if (!pk) throw oddAnswer(what, connection.url);
    return pk;
  }

  const boundStages = async (what: string, target: string) =>
    (await allPages(what, (page, init) => flows.flowsBindingsListRaw({ target, page, pageSize: PAGE_SIZE, ordering: 'order' }, init)))
      .filter((b) => b.target === target)
      .sort((a, b) => Number(a.order) - Number(b.order))
      .map((b) => text(b.stage));

  async function defaultBrand(): Promise<Json | null> {
    const body = await json('looking up the default brand', (init) => core.coreBrandsListRaw({ _default: true }, init));
    return asArray(body.results).find((b) => b.default === true) ?? null;
  }

  /** The brand's login flow, or the one Authentik falls back to (the first authentication flow). */
  async function loginFlow(brand: Json | null): Promise<Json | null> {
    const uuid = nullableText(brand?.flow_authentication);
    const query = uuid ? { flowUuid: uuid } : { designation: 'authentication' as const, ordering: 'slug', pageSize: 1 };
    const rows = asArray((await json('looking up the login flow', (init) => flows.flowsInstancesListRaw(query, init))).results);
    return rows.find((f) => (uuid ? f.pk === uuid : f.designation === 'authentication')) ?? null;
  }

  /** The identification stage bound first in the login flow: it draws the "Forgot password?" link. */
  async function loginStage(flowPk: string): Promise<RecoverySnapshot['login']['stage']> {
    const [bound, identification] = await Promise.all([
      boundStages("listing the login flow's stages", flowPk),
      allPages('listing identification stages', (page, init) => stages.stagesIdentificationListRaw({ page, pageSize: PAGE_SIZE }, init)),
    ]);
    const stage = bound.map((pk) => identification.find((s) => s.pk === pk)).find((s) => s !== undefined);
    return stage ? { pk: text(stage.pk), name: text(stage.name), recoveryFlow: nullableText(stage.recovery_flow) } : null;
  }

  /** Only a hint about SMTP: a token without the right to read events leaves it unknown, not failed. */
  async function lastEmailSent(): Promise<RecoverySnapshot['emailSent']> {
    try {
      const row = await findRow('reading email events', 'action', 'email_sent', (init) =>
        events.eventsEventsListRaw({ action: 'email_sent', ordering: '-created', pageSize: 1 }, init),
      );
      return row ? { at: text(row.created) } : 'none';
    } catch {
      return 'unknown';
    }
  }

  return {
    async read() {
      const [flow, identification, email, password, userWrite, passwordField, repeatField, brand, emailSent] = await Promise.all([
        findRow(`looking up flow "${RECOVERY_FLOW.slug}"`, 'slug', RECOVERY_FLOW.slug, (init) =>
          flows.flowsInstancesListRaw({ slug: RECOVERY_FLOW.slug }, init),
        ),
        findByName('stage', IDENTIFICATION_STAGE.name, (init) => stages.stagesIdentificationListRaw({ name: IDENTIFICATION_STAGE.name }, init)),
        findByName('stage', EMAIL_STAGE.name, (init) => stages.stagesEmailListRaw({ name: EMAIL_STAGE.name }, init)),
        findByName('stage', PASSWORD_STAGE_NAME, (init) => stages.stagesPromptStagesListRaw({ name: PASSWORD_STAGE_NAME }, init)),
        findByName('stage', USER_WRITE_STAGE.name, (init) => stages.stagesUserWriteListRaw({ name: USER_WRITE_STAGE.name }, init)),
        findByName('prompt', PASSWORD_FIELDS.password.name, (init) => stages.stagesPromptPromptsListRaw({ name: PASSWORD_FIELDS.password.name }, init)),
        findByName('prompt', PASSWORD_FIELDS['password-repeat'].name, (init) =>
          stages.stagesPromptPromptsListRaw({ name: PASSWORD_FIELDS['password-repeat'].name }, init),
        ),
        defaultBrand(),
        lastEmailSent(),
      ]);
      const flowPk = pkOf(flow);
      const login = await loginFlow(brand);
      const loginPk = pkOf(login);
      const [bound, stage] = await Promise.all([flowPk ? boundStages("listing the recovery flow's stages", flowPk) : [], loginPk ? loginStage(loginPk) : null]);
      return {
        flowPk,
        stagePks: { identification, email, password, 'user-write': userWrite },
        promptPks: { password: passwordField, 'password-repeat': repeatField },
        boundStages: bound,
        brand:
          brand && text(brand.brand_uuid)
            ? { uuid: text(brand.brand_uuid), domain: text(brand.domain), recoveryFlow: nullableText(brand.flow_recovery) }
            : null,
        login: { flowSlug: login ? text(login.slug) : null, stage },
        emailSent,
      };
    },
    createFlow: (flowRequest) => created(`creating flow "${flowRequest.slug}"`, (init) => flows.flowsInstancesCreateRaw({ flowRequest }, init)),
    createIdentificationStage: (identificationStageRequest) =>
      created(`creating stage "${identificationStageRequest.name}"`, (init) => stages.stagesIdentificationCreateRaw({ identificationStageRequest }, init)),
    createEmailStage: (emailStageRequest) =>
      created(`creating stage "${emailStageRequest.name}"`, (init) => stages.stagesEmailCreateRaw({ emailStageRequest }, init)),
    createPrompt: (promptRequest) => created(`creating prompt "${promptRequest.name}"`, (init) => stages.stagesPromptPromptsCreateRaw({ promptRequest }, init)),
    createPromptStage: (promptStageRequest) =>
      created(`creating stage "${promptStageRequest.name}"`, (init) => stages.stagesPromptStagesCreateRaw({ promptStageRequest }, init)),
    createUserWriteStage: (userWriteStageRequest) =>
      created(`creating stage "${userWriteStageRequest.name}"`, (init) => stages.stagesUserWriteCreateRaw({ userWriteStageRequest }, init)),
    async bind(flowStageBindingRequest) {
      await json(`binding a stage at order ${flowStageBindingRequest.order}`, (init) => flows.flowsBindingsCreateRaw({ flowStageBindingRequest }, init));
    },
    async setBrandRecoveryFlow(brandUuid, flowRecovery) {
      await json("setting the brand's recovery flow", (init) => core.coreBrandsPartialUpdateRaw({ brandUuid, patchedBrandRequest: { flowRecovery } }, init));
    },
    async setLoginRecoveryFlow(stageUuid, recoveryFlow) {
      await json('linking the login page to the recovery flow', (init) =>
        stages.stagesIdentificationPartialUpdateRaw({ stageUuid, patchedIdentificationStageRequest: { recoveryFlow } }, init),
      );
    },
  };
}
