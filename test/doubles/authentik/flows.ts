/**
 * The Authentik double's flows, stages (identification, email, prompt, user_write), prompt fields,
 * flow-stage bindings, the default brand and email events, written from shared/reference/authentik.md
 * and the API v3 schema: what "Enable password recovery" looks up, creates and wires. As in
 * Authentik, stage and prompt names and flow slugs are unique, a binding's (target, stage, order)
 * is unique, and every reference must point at an existing object (else 400).
 * It starts like a fresh install: a login flow whose identification stage has no recovery flow.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { AkModel } from './model.ts';
import { paginated, type DoubleEnv } from './pagination.ts';

export type StageKind = 'identification' | 'email' | 'prompt' | 'user_write';

export interface FakeFlow {
  pk: string;
  name: string;
  slug: string;
  title: string;
  designation: string;
  authentication: string;
}
export interface FakeStage {
  pk: string;
  kind: StageKind;
  name: string;
  settings: Record<string, unknown>;
}
export interface FakePrompt {
  pk: string;
  settings: Record<string, unknown> & { name: string };
}
export interface FakeBinding {
  pk: string;
  target: string;
  stage: string;
  order: number;
}
export interface FakeEvent {
  pk: string;
  action: string;
  created: string;
}

const STAGE_PATHS: Record<StageKind, string> = {
  identification: '/api/v3/stages/identification/',
  email: '/api/v3/stages/email/',
  prompt: '/api/v3/stages/prompt/stages/',
  user_write: '/api/v3/stages/user_write/',
};

/** What each kind answers for the fields a request leaves out (Authentik's model defaults). */
const STAGE_DEFAULTS: Record<StageKind, Record<string, unknown>> = {
  identification: {
    user_fields: [],
    password_stage: null,
    captcha_stage: null,
    case_insensitive_matching: true,
    show_matched_user: true,
    enrollment_flow: null,
    recovery_flow: null,
    passwordless_flow: null,
    sources: [],
    show_source_labels: false,
    pretend_user_exists: true,
    enable_remember_me: false,
    webauthn_stage: null,
  },
  email: {
    use_global_settings: false,
    host: 'localhost',
    port: 25,
    username: '',
    use_tls: false,
    use_ssl: false,
    timeout: 10,
    from_address: 'system@authentik.local',
    token_expiry: 'minutes=30',
    subject: 'authentik',
    template: 'email/password_reset.html',
    activate_user_on_success: false,
    recovery_max_attempts: 5,
    recovery_cache_timeout: 'minutes=5',
  },
  prompt: { fields: [], validation_policies: [] },
  user_write: {
    user_creation_mode: 'create_when_required',
    create_users_as_inactive: false,
    create_users_group: null,
    user_type: 'external',
    user_path_template: '',
  },
};

const PROMPT_DEFAULTS = {
  field_key: '',
  label: '',
  type: 'text',
  required: true,
  placeholder: '',
  initial_value: '',
  order: 0,
  sub_text: '',
  placeholder_expression: false,
  initial_value_expression: false,
};

/** Fields that name another object, and which collection must hold it. */
const FLOW_REFERENCES = new Set(['recovery_flow', 'enrollment_flow', 'passwordless_flow', 'flow_recovery', 'flow_authentication']);

export function buildFlowStore(model: AkModel) {
  const flows = new Map<string, FakeFlow>();
  const stages = new Map<string, FakeStage>();
  const prompts = new Map<string, FakePrompt>();
  const bindings: FakeBinding[] = [];
  const events: FakeEvent[] = [];

  const addFlow = (f: Omit<FakeFlow, 'pk' | 'authentication'> & { authentication?: string }): FakeFlow => {
    const flow = { pk: randomUUID(), authentication: 'none', ...f };
    flows.set(flow.pk, flow);
    return flow;
  };
  const addStage = (kind: StageKind, name: string, settings: Record<string, unknown> = {}): FakeStage => {
    const stage = { pk: randomUUID(), kind, name, settings: { ...STAGE_DEFAULTS[kind], ...settings } };
    stages.set(stage.pk, stage);
    return stage;
  };
  const addPrompt = (settings: FakePrompt['settings']): FakePrompt => {
    const prompt = { pk: randomUUID(), settings: { ...PROMPT_DEFAULTS, ...settings } };
    prompts.set(prompt.pk, prompt);
    return prompt;
  };
  const bind = (target: string, stage: string, order: number): FakeBinding => {
    const binding = { pk: randomUUID(), target, stage, order };
    bindings.push(binding);
    return binding;
  };
  const stageNamed = (name: string) => [...stages.values()].find((s) => s.name === name);
  const flowSlugged = (slug: string) => [...flows.values()].find((f) => f.slug === slug);
  const recordEmailSent = (created = new Date().toISOString()) => void events.push({ pk: randomUUID(), action: 'email_sent', created });

  const login = addFlow({ name: 'Welcome to authentik!', slug: 'default-authentication-flow', title: 'Welcome to authentik!', designation: 'authentication' });
  bind(login.pk, addStage('identification', 'default-authentication-identification', { user_fields: ['email', 'username'] }).pk, 10);
  model.brand.flow_authentication = login.pk;

  return { flows, stages, prompts, bindings, events, addFlow, addStage, addPrompt, bind, stageNamed, flowSlugged, recordEmailSent };
}

export type FlowStore = ReturnType<typeof buildFlowStore>;

type C = Context<DoubleEnv>;

const bodyOf = (c: C) => (c.get('body') ?? {}) as Record<string, unknown>;
const invalid = (c: C, field: string, message: string) => c.json({ [field]: [message] }, 400);
const notFound = (c: C) => c.json({ detail: 'Not found.' }, 404);
/** Only the fields this kind has, from a request body. */
const known = (defaults: Record<string, unknown>, body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([key]) => key in defaults));

export function registerFlowRoutes(app: Hono<DoubleEnv>, model: AkModel): FlowStore {
  const store = buildFlowStore(model);
  const { flows, stages, prompts, bindings } = store;

  const boundTo = (flowPk: string) => bindings.filter((b) => b.target === flowPk).sort((a, b) => a.order - b.order);
  const flowJson = (f: FakeFlow) => ({
    pk: f.pk,
    policybindingmodel_ptr_id: f.pk,
    name: f.name,
    slug: f.slug,
    title: f.title,
    designation: f.designation,
    background: '',
    background_url: '/static/dist/assets/images/flow_background.jpg',
    background_themed_urls: null,
    stages: boundTo(f.pk).map((b) => b.stage),
    policies: [],
    cache_count: 0,
    policy_engine_mode: 'any',
    compatibility_mode: false,
    export_url: `/api/v3/flows/instances/${f.slug}/export/`,
    layout: 'stacked',
    denied_action: 'message_continue',
    authentication: f.authentication,
  });
  const stageJson = (s: FakeStage) => ({
    pk: s.pk,
    name: s.name,
    component: `ak-stage-${s.kind.replace('_', '-')}-form`,
    verbose_name: `${s.kind} stage`,
    verbose_name_plural: `${s.kind} stages`,
    meta_model_name: `authentik_stages_${s.kind}.${s.kind.replace('_', '')}stage`,
    flow_set: bindings
      .filter((b) => b.stage === s.pk)
      .map((b) => flows.get(b.target))
      .filter((f) => f !== undefined)
      .map(flowJson),
    ...s.settings,
  });
  const bindingJson = (b: FakeBinding) => ({
    pk: b.pk,
    policybindingmodel_ptr_id: b.pk,
    target: b.target,
    stage: b.stage,
    stage_obj: stageJson(stages.get(b.stage)!),
    evaluate_on_plan: false,
    re_evaluate_policies: true,
    order: b.order,
    policy_engine_mode: 'any',
    invalid_response_action: 'retry',
  });
  const promptJson = (p: FakePrompt) => ({ pk: p.pk, ...p.settings, prompt_stages_obj: [] });
  const brandJson = () => ({
    ...model.brand,
    branding_logo: '/static/dist/assets/icons/icon_left_brand.svg',
    branding_favicon: '/static/dist/assets/icons/icon.png',
    attributes: {},
  });

  /** A reference that names no object is refused, as Authentik's serializers do. */
  function badReference(body: Record<string, unknown>): string | null {
    for (const [key, value] of Object.entries(body)) {
      if (FLOW_REFERENCES.has(key) && value !== null && !flows.has(String(value))) return key;
    }
    return null;
  }

  app.get('/api/v3/flows/instances/', (c) => {
    const { slug, designation, flow_uuid: uuid } = c.req.query();
    const rows = [...flows.values()].filter((f) => (!slug || f.slug === slug) && (!designation || f.designation === designation) && (!uuid || f.pk === uuid));
    return paginated(c, rows.sort((a, b) => a.slug.localeCompare(b.slug)).map(flowJson));
  });
  app.post('/api/v3/flows/instances/', (c) => {
    const body = bodyOf(c);
    for (const field of ['name', 'slug', 'title', 'designation'])
      if (typeof body[field] !== 'string' || body[field] === '') return invalid(c, field, 'This field is required.');
    if (store.flowSlugged(String(body.slug))) return invalid(c, 'slug', 'flow with this slug already exists.');
    // Each was checked to be a non-empty string just above.
    const { name, slug, title, designation, authentication } = body as Record<string, string> & Record<'name' | 'slug' | 'title' | 'designation', string>;
    return c.json(flowJson(store.addFlow({ name, slug, title, designation, authentication: authentication ?? 'none' })), 201);
  });

  app.get('/api/v3/flows/bindings/', (c) => {
    const { target, stage } = c.req.query();
    const rows = bindings.filter((b) => (!target || b.target === target) && (!stage || b.stage === stage)).sort((a, b) => a.order - b.order);
    return paginated(c, rows.map(bindingJson));
  });
  app.post('/api/v3/flows/bindings/', (c) => {
    const { target, stage, order } = bodyOf(c);
    if (!flows.has(String(target))) return invalid(c, 'target', 'Invalid pk - object does not exist.');
    if (!stages.has(String(stage))) return invalid(c, 'stage', 'Invalid pk - object does not exist.');
    if (!Number.isInteger(order)) return invalid(c, 'order', 'A valid integer is required.');
    if (bindings.some((b) => b.target === target && b.stage === stage && b.order === order)) {
      return invalid(c, 'non_field_errors', 'The fields target, stage, order must make a unique set.');
    }
    return c.json(bindingJson(store.bind(String(target), String(stage), Number(order))), 201);
  });

  for (const kind of Object.keys(STAGE_PATHS) as StageKind[]) {
    const path = STAGE_PATHS[kind];
    const ofKind = () => [...stages.values()].filter((s) => s.kind === kind);
    app.get(path, (c) => {
      const name = c.req.query('name');
      return paginated(
        c,
        ofKind()
          .filter((s) => name === undefined || s.name === name)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(stageJson),
      );
    });
    app.post(path, (c) => {
      const body = bodyOf(c);
      if (typeof body.name !== 'string' || body.name === '') return invalid(c, 'name', 'This field is required.');
      if (store.stageNamed(body.name)) return invalid(c, 'name', 'stage with this name already exists.');
      const badField = badReference(body) ?? (kind === 'prompt' && !asList(body.fields).every((pk) => prompts.has(pk)) ? 'fields' : null);
      if (badField) return invalid(c, badField, 'Invalid pk - object does not exist.');
      return c.json(stageJson(store.addStage(kind, body.name, known(STAGE_DEFAULTS[kind], body))), 201);
    });
    app.get(`${path}:uuid/`, (c) => {
      const stage = ofKind().find((s) => s.pk === c.req.param('uuid'));
      return stage ? c.json(stageJson(stage)) : notFound(c);
    });
    app.patch(`${path}:uuid/`, (c) => {
      const stage = ofKind().find((s) => s.pk === c.req.param('uuid'));
      if (!stage) return notFound(c);
      const body = bodyOf(c);
      const badField = badReference(body);
      if (badField) return invalid(c, badField, 'Invalid pk - object does not exist.');
      Object.assign(stage.settings, known(STAGE_DEFAULTS[kind], body));
      return c.json(stageJson(stage));
    });
  }

  app.get('/api/v3/stages/prompt/prompts/', (c) => {
    const name = c.req.query('name');
    return paginated(c, [...prompts.values()].filter((p) => name === undefined || p.settings.name === name).map(promptJson));
  });
  app.post('/api/v3/stages/prompt/prompts/', (c) => {
    const body = bodyOf(c);
    for (const field of ['name', 'field_key', 'label', 'type'])
      if (typeof body[field] !== 'string' || body[field] === '') return invalid(c, field, 'This field is required.');
    if ([...prompts.values()].some((p) => p.settings.name === body.name)) return invalid(c, 'name', 'prompt with this name already exists.');
    return c.json(promptJson(store.addPrompt({ ...known(PROMPT_DEFAULTS, body), name: String(body.name) })), 201);
  });

  app.get('/api/v3/core/brands/', (c) => {
    const wanted = c.req.query('default');
    return paginated(c, wanted === undefined || String(model.brand.default) === wanted ? [brandJson()] : []);
  });
  app.get('/api/v3/core/brands/:uuid/', (c) => (c.req.param('uuid') === model.brand.brand_uuid ? c.json(brandJson()) : notFound(c)));
  app.patch('/api/v3/core/brands/:uuid/', (c) => {
    if (c.req.param('uuid') !== model.brand.brand_uuid) return notFound(c);
    const body = bodyOf(c);
    const badField = badReference(body);
    if (badField) return invalid(c, badField, 'Invalid pk - object does not exist.');
    if ('flow_recovery' in body) model.brand.flow_recovery = (body.flow_recovery as string | null) ?? null;
    if ('flow_authentication' in body) model.brand.flow_authentication = (body.flow_authentication as string | null) ?? null;
    return c.json(brandJson());
  });

  app.get('/api/v3/events/events/', (c) => {
    const action = c.req.query('action');
    const rows = store.events.filter((e) => !action || e.action === action).sort((a, b) => b.created.localeCompare(a.created));
    return paginated(
      c,
      rows.map((e) => ({ ...e, user: {}, app: 'authentik.stages.email.tasks', context: {}, client_ip: null, expires: e.created, brand: {} })),
    );
  });

  return store;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
