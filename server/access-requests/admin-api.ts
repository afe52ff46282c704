/**
 * `/_overlay/api/access-requests`: the queue for admins (the route table keeps everyone else out).
 * Approving creates the account through the AccountCreator; its set-password link is handed back
 * once in this answer and never stored. Denying a request whose approval started first takes back
 * the groups the approval may have granted (take-back.ts).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { AccessRequestList, Approval, Denial } from '../contract.ts';
import type { Directory } from '../directory/types.ts';
import type { OverlayEnv } from '../http/env.ts';
import { badInput, readJsonBody } from '../http/json-body.ts';
import { asSpelledIn, isStreamGroup, sameGroup } from '../policy/groups.ts';
import { directoryCall } from '../users/errors.ts';
import type { Revocation } from '../revocation/index.ts';
import type { UserReader } from '../users/types.ts';
import type { AccountCreator, PasswordSetup } from '../onboarding/types.ts';
import { takenInDirectory } from './directory-check.ts';
import { requestOrigin } from './origin.ts';
import type { RequestAccessMode } from './public-routes.ts';
import { approvalFailed, cannotCreateAccounts, refused, requestNotFound, usernameTakenSince } from './refusals.ts';
import { approvalRunning, isOpen, type AccessRequestRepository, type Change } from './repository.ts';
import { takeBackGroups, type TakeBackDeps } from './take-back.ts';
import type { AccessRequest, StoredPasswordSetup } from './types.ts';

export interface AdminApiDeps extends TakeBackDeps {
  repo: AccessRequestRepository;
  /** Kicks running sessions of people who lost groups (after a deny took some back). */
  revoke: Pick<Revocation, 'sweep'> | null;
  mode(): RequestAccessMode;
  accountCreator(): AccountCreator | null;
  reader: UserReader | null;
  directory: Directory | null;
  groupPrefix: string;
  proxySecret: string | null;
  log: Logger;
}

const MAX_BODY = 4 * 1024;
const MAX_GROUPS = 20;
/** On top of the creator's worst case: this handler's own store writes and directory refresh. */
const LEASE_MARGIN_MS = 60_000;
const MAX_DENY_REASON = 500;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function accessRequestsApi(deps: AdminApiDeps): Hono<OverlayEnv> {
  const { repo, log } = deps;
  const api = new Hono<OverlayEnv>();
  const limit = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw badInput('body', `the request body is larger than ${MAX_BODY / 1024} KB`);
    },
  });

  api.get('/access-requests', async (c) => {
    const requests = await repo.list();
    c.header('Cache-Control', 'no-store');
    return c.json({ requests, pending: requests.filter(isOpen).length, total: requests.length, mode: deps.mode() } satisfies AccessRequestList);
  });

  api.get('/access-requests/audit', async (c) => {
    const limitParam = pageParam(c.req.query('limit'), 50, 500, 'limit');
    const offset = pageParam(c.req.query('offset'), 0, Number.MAX_SAFE_INTEGER, 'offset');
    return c.json(await repo.audit({ limit: limitParam, offset }));
  });

  api.post('/access-requests/:id/approve', limit, async (c) => {
    const asked = approvedGroups(await jsonObject(c, false), deps.groupPrefix);
    const creator = deps.accountCreator();
    if (!creator) throw cannotCreateAccounts();
    const before = await existing(c);
    const groups = await asTheDirectorySpellsThem(asked);
    // A retried approve finds its own half-made account; a fresh one must not adopt someone else's.
    if (before.state === 'pending' && (await directoryCall(() => takenInDirectory(deps, before.username, null))) === 'username') {
      throw usernameTakenSince(before.username);
    }
    const actor = c.get('user').username;
    const started = settled(await repo.startApproval(before.id, actor, groups, creator.worstCaseMs(groups.length) + LEASE_MARGIN_MS), 'approved');
    const attempt = started.approval!.attempts;
    const account = { username: started.username, name: started.name, email: started.email, groups };
    let result;
    try {
      result = await creator.createAccount(account, actor, requestOrigin(c, deps.proxySecret).origin);
    } catch (error) {
      const reason = (error as Error).message;
      log.error({ id: started.id, username: started.username, by: actor, attempt, reason }, 'approving an access request failed part-way');
      const recorded = await repo
        .failApproval(started.id, actor, attempt, reason)
        .catch((e: Error) => log.error({ reason: e.message }, 'could not record the failed approval'));
      if (recorded?.ok) await takeBackIfDenied(recorded.request);
      throw approvalFailed(error);
    }
    const outcome = { created: result.created, passwordSetup: storable(result.passwordSetup) };
    const change = await repo.finishApproval(started.id, actor, attempt, outcome);
    if (!change.ok && change.reason !== 'not-found') await takeBackIfDenied(change.request);
    const finished = settled(change, 'approved');
    await deps.reader?.invalidate(started.username).catch(() => undefined);
    log.info({ id: started.id, username: started.username, by: actor, groups, created: result.created, via: creator.kind }, 'access request approved');
    c.header('Cache-Control', 'no-store');
    return c.json({ request: finished, passwordSetup: result.passwordSetup } satisfies Approval);
  });

  api.post('/access-requests/:id/deny', limit, async (c) => {
    const reason = denyReason(await jsonObject(c, true));
    const before = await existing(c);
    const actor = c.get('user').username;
    // Nothing is taken back from under a running attempt: it would grant the groups again.
    if (approvalRunning(before, Date.now())) throw refused({ ok: false, reason: 'in-flight', request: before }, 'denied');
    const takenBack = before.state === 'approving' ? await takeBackGroups(deps, before) : { attempts: before.approval?.attempts ?? 0, removed: [] };
    const change = await repo.deny(before.id, actor, reason, takenBack);
    if (takenBack.removed.length) await tookAway(before.username);
    if (!change.ok && takenBack.removed.length)
      log.warn(
        { id: before.id, username: before.username, removed: takenBack.removed },
        'groups were taken back, but the request changed meanwhile and was not denied',
      );
    const denied = settled(change, 'denied');
    log.info({ id: denied.id, username: denied.username, by: actor, tookBack: takenBack.removed }, 'access request denied');
    return c.json({ request: denied } satisfies Denial);
  });

  /** Like the users API after a removal: fresh listings, and running sessions checked now rather than at the next interval. */
  async function tookAway(username: string) {
    await deps.reader?.invalidate(username).catch(() => undefined);
    deps.revoke?.sweep().catch((error: Error) => log.warn({ reason: error.message }, 'live revocation after a denied request failed'));
  }

  /** An attempt that outlived its lease may have granted groups after a deny took them back: take them back again. */
  async function takeBackIfDenied(request: AccessRequest) {
    if (request.state !== 'denied') return;
    try {
      const { removed } = await takeBackGroups(deps, request);
      if (removed.length) await tookAway(request.username);
      log.warn(
        { id: request.id, username: request.username, removed },
        'an approval attempt ended after its request was denied; its groups were taken back again',
      );
    } catch (error) {
      log.error(
        { id: request.id, username: request.username, reason: (error as Error).message },
        'an approval attempt ended after its request was denied, and taking its groups back failed',
      );
    }
  }

  async function existing(c: Context<OverlayEnv>): Promise<AccessRequest> {
    const id = c.req.param('id') ?? '';
    const request = ID.test(id) ? await repo.get(id) : null;
    if (!request) throw requestNotFound();
    return request;
  }

  /** Each group as the directory spells it (names compare without case, as in LDAP); one it does not hold is refused. */
  async function asTheDirectorySpellsThem(groups: string[]): Promise<string[]> {
    if (!deps.reader) return groups;
    const { groups: known } = await directoryCall(() => deps.reader!.list());
    const spelled = asSpelledIn(
      known.map((g) => g.name),
      groups,
    );
    if (spelled.unknown.length) throw badInput('groups', `not in the directory: ${spelled.unknown.join(', ')}`);
    return spelled.groups;
  }

  return api;
}

function settled(change: Change, verb: 'approved' | 'denied'): AccessRequest {
  if (!change.ok) throw refused(change, verb);
  return change.request;
}

/** The link itself is for the admin's eyes once; what is kept says only that there was one. */
function storable(setup: PasswordSetup): StoredPasswordSetup {
  return setup.kind === 'link' ? { kind: 'link', expiresAt: setup.expiresAt, emailed: setup.emailed } : { kind: 'emailed', by: setup.by };
}

function approvedGroups(body: Record<string, unknown>, prefix: string): string[] {
  onlyKeys(body, ['groups']);
  const { groups } = body;
  if (!Array.isArray(groups) || groups.length === 0 || groups.length > MAX_GROUPS || !groups.every((g) => typeof g === 'string')) {
    throw badInput('groups', `send 1 to ${MAX_GROUPS} group names, e.g. {"groups": ["${prefix}public"]}`);
  }
  // Stream groups only (tak_* belongs to TAK Portal whatever the prefix says), each once in any case.
  const foreign = groups.filter((g) => !isStreamGroup({ groupPrefix: prefix }, g));
  if (foreign.length) throw badInput('groups', `only groups starting with "${prefix}" can be granted here; not: ${foreign.join(', ')}`);
  return groups.filter((g, i) => groups.findIndex((other) => sameGroup(other, g)) === i);
}

function denyReason(body: Record<string, unknown>): string | null {
  onlyKeys(body, ['reason']);
  const { reason } = body;
  if (reason === undefined || reason === null) return null;
  if (typeof reason !== 'string' || reason.length > MAX_DENY_REASON) throw badInput('reason', `must be text of at most ${MAX_DENY_REASON} characters`);
  return reason.trim() || null;
}

function onlyKeys(body: Record<string, unknown>, allowed: string[]) {
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  if (extra) throw badInput(extra, `unknown field; only ${allowed.map((k) => `"${k}"`).join(', ')} accepted`);
}

/** A JSON object body; `optional` lets an empty body (of any type) stand for {}. */
async function jsonObject(c: Context<OverlayEnv>, optional: boolean): Promise<Record<string, unknown>> {
  if (optional && (await c.req.text()).trim() === '') return {};
  const body = await readJsonBody(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badInput('body', 'send a JSON object');
  return body as Record<string, unknown>;
}

function pageParam(value: string | undefined, fallback: number, max: number, field: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw badInput(field, `must be a whole number from 0 to ${max}`);
  return n;
}
