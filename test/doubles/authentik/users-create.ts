/**
 * The Authentik double's onboarding calls, from shared/reference/authentik.md and Authentik's
 * UserViewSet: `POST /core/users/` (no password field), `POST /core/users/{pk}/recovery/` → `{link}`
 * and `POST /core/users/{pk}/recovery_email/ {email_stage}` → 204. Both recovery calls need the
 * brand's recovery flow (`model.brand.flow_recovery`, set by the flows routes' brand PATCH) and
 * answer Authentik's 400 "No recovery flow set." without one. As in Authentik, a user has one
 * recovery token at a time: a new link replaces the previous one.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { FlowStore } from './flows.ts';
import { userJson, type AkModel, type GroupShape } from './model.ts';
import type { DoubleEnv } from './pagination.ts';

export interface RecoveryToken {
  key: string;
  link: string;
  expires: string;
}
export interface SentRecoveryEmail {
  to: string;
  stage: string;
  link: string;
}

export interface UserCreationState {
  /** Each user's current recovery token, by user pk. */
  recoveryTokens: Map<number, RecoveryToken>;
  /** Every recovery email Authentik would have sent. */
  recoveryEmails: SentRecoveryEmail[];
}

type C = Context<DoubleEnv>;

const bodyOf = (c: C) => (c.get('body') ?? {}) as Record<string, unknown>;
const refuse = (c: C, field: string, message: string) => c.json({ [field]: field === 'non_field_errors' ? message : [message] }, 400);
/** Authentik's timedelta syntax, e.g. `hours=24` or `days=1;hours=2`. */
const DURATION = /^(weeks|days|hours|minutes|seconds|microseconds|milliseconds)=\d+(;(weeks|days|hours|minutes|seconds|microseconds|milliseconds)=\d+)*$/;
const UNIT_MS: Record<string, number> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
  microseconds: 0.001,
};
const DEFAULT_TOKEN_MS = 30 * 60_000;

export function registerUserCreation(app: Hono<DoubleEnv>, model: AkModel, flows: FlowStore, shape: () => GroupShape): UserCreationState {
  const state: UserCreationState = { recoveryTokens: new Map(), recoveryEmails: [] };

  app.post('/api/v3/core/users/', (c) => {
    const body = bodyOf(c);
    for (const field of ['username', 'name']) if (typeof body[field] !== 'string' || body[field] === '') return refuse(c, field, 'This field is required.');
    if (model.userNamed(String(body.username))) return refuse(c, 'username', 'This field must be unique.');
    const user = model.addUser({
      username: String(body.username),
      name: String(body.name),
      email: typeof body.email === 'string' ? body.email : '',
      active: body.is_active !== false,
      type: (body.type as 'internal' | undefined) ?? 'internal',
    });
    for (const pk of Array.isArray(body.groups) ? body.groups : []) if (model.teams.has(String(pk))) user.groups.add(String(pk));
    return c.json(userJson(model, user, shape(), true), 201);
  });

  /** Authentik's _create_recovery_link: the brand's recovery flow, a token per user (replaced each time). */
  function recoveryLink(c: C, pk: number, tokenDuration: unknown): RecoveryToken | Response {
    const flow = model.brand.flow_recovery ? flows.flows.get(model.brand.flow_recovery) : undefined;
    if (!flow) return refuse(c, 'non_field_errors', 'No recovery flow set.');
    if (tokenDuration !== undefined && (typeof tokenDuration !== 'string' || !DURATION.test(tokenDuration)))
      return refuse(c, 'token_duration', 'Invalid duration.');
    const ms = typeof tokenDuration === 'string' ? durationMs(tokenDuration) : DEFAULT_TOKEN_MS;
    const key = randomBytes(24).toString('base64url');
    const token = { key, link: `${new URL(c.req.url).origin}/if/flow/${flow.slug}/?flow_token=${key}`, expires: new Date(Date.now() + ms).toISOString() };
    state.recoveryTokens.set(pk, token);
    return token;
  }

  app.post('/api/v3/core/users/:pk/recovery/', (c) => {
    const user = model.people.get(Number(c.req.param('pk')));
    if (!user) return c.json({ detail: 'Not found.' }, 404);
    const token = recoveryLink(c, user.pk, bodyOf(c).token_duration);
    return token instanceof Response ? token : c.json({ link: token.link });
  });

  app.post('/api/v3/core/users/:pk/recovery_email/', (c) => {
    const user = model.people.get(Number(c.req.param('pk')));
    if (!user) return c.json({ detail: 'Not found.' }, 404);
    const body = bodyOf(c);
    if (typeof body.email_stage !== 'string') return refuse(c, 'email_stage', 'This field is required.');
    if (!user.email) return refuse(c, 'non_field_errors', 'User does not have an email address set.');
    const stage = flows.stages.get(body.email_stage);
    if (!stage || stage.kind !== 'email') return refuse(c, 'non_field_errors', 'Email stage not found.');
    const token = recoveryLink(c, user.pk, body.token_duration);
    if (token instanceof Response) return token;
    state.recoveryEmails.push({ to: user.email, stage: stage.name, link: token.link });
    flows.recordEmailSent();
    return c.body(null, 204);
  });

  return state;
}

function durationMs(text: string): number {
  return text.split(';').reduce((sum, part) => {
    const [unit, amount] = part.split('=');
    return sum + Number(amount) * UNIT_MS[unit!]!;
  }, 0);
}
