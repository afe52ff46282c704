/**
 * Records the overlay's own changes (rules, access decisions, groups, MediaMTX settings) as they
 * pass through `/_overlay/api`, with the handler's status: a refusal is recorded as failed. The
 * summary comes from the request (JSON fields, path parameters) and, once it succeeded, from the
 * answer; never from a field that could hold a secret (an approval's set-password link is not read).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { ActivityDiffLine, ActivityKind } from '../contract.ts';
import type { OverlayEnv } from '../http/env.ts';
import type { ActivityLog } from './activity-log.ts';
import { diffConfig } from './config-diff.ts';
import { cleanText, pathParams } from './editor-routes.ts';
import { recordChange } from './record-change.ts';
import type { RecordableCheck } from './store-ready.ts';
import { asPlainObject } from './plain-object.ts';

type Json = Record<string, unknown>;

interface Facts {
  params: Record<string, string>;
  query: (name: string) => string;
  body: Json;
  answer: Json;
  ok: boolean;
}

interface OverlayChange {
  method: string;
  pattern: RegExp;
  kind: ActivityKind;
  says(f: Facts): [string, string];
  diff?(f: Facts): ActivityDiffLine[];
}

const API = '/_overlay/api';
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? cleanText(String(value)) : '');
const list = (value: unknown) => (Array.isArray(value) ? value.map(text).filter(Boolean).join(', ') : '');
const owner = (f: Facts) => text((f.answer.request as Json | undefined)?.username);
const request = (f: Facts) => (owner(f) ? `${owner(f)}'s access request` : `access request ${f.params.id}`);

const CHANGES: OverlayChange[] = [
  {
    method: 'PUT',
    pattern: /^\/rules$/,
    kind: 'rule-change',
    says: (f) => [`set the rule for ${text(f.body.path)} to ${list(f.body.groups)}`, `set the rule for ${text(f.body.path) || 'a stream'}`],
  },
  {
    method: 'DELETE',
    pattern: /^\/rules$/,
    kind: 'rule-change',
    says: (f) => [`deleted the rule for ${f.query('path')}`, `delete the rule for ${f.query('path')}`],
  },
  {
    method: 'POST',
    pattern: /^\/access-requests\/(?<id>[^/]+)\/approve$/,
    kind: 'access-decision',
    says: (f) => [`approved ${request(f)} (${list((f.answer.request as Json | undefined)?.groups)})`, `approve ${request(f)}`],
  },
  { method: 'POST', pattern: /^\/access-requests\/(?<id>[^/]+)\/deny$/, kind: 'access-decision', says: (f) => [`denied ${request(f)}`, `deny ${request(f)}`] },
  { method: 'POST', pattern: /^\/groups$/, kind: 'group-change', says: (f) => [`created group ${text(f.body.name)}`, `create group ${text(f.body.name)}`] },
  {
    method: 'PUT',
    pattern: /^\/users\/(?<username>[^/]+)\/groups\/(?<group>[^/]+)$/,
    kind: 'group-change',
    says: (f) => [`added ${f.params.username} to ${f.params.group}`, `add ${f.params.username} to ${f.params.group}`],
  },
  {
    method: 'DELETE',
    pattern: /^\/users\/(?<username>[^/]+)\/groups\/(?<group>[^/]+)$/,
    kind: 'group-change',
    says: (f) => [`removed ${f.params.username} from ${f.params.group}`, `remove ${f.params.username} from ${f.params.group}`],
  },
  {
    method: 'POST',
    pattern: /^\/mediamtx-settings\/apply$/,
    kind: 'mediamtx-settings',
    says: (f) => {
      const changed = Array.isArray(f.answer.changed) ? f.answer.changed.length : 0;
      const done = changed
        ? `applied the MediaMTX auth settings (${changed} key${changed === 1 ? '' : 's'} changed)`
        : 'applied the MediaMTX auth settings (MediaMTX had them already)';
      return [done, 'apply the MediaMTX auth settings'];
    },
    // The answer names the changed keys with their previous and new values: redacted like a YAML save.
    diff: (f) => {
      const keys = Array.isArray(f.answer.changed) ? f.answer.changed.filter((k): k is string => typeof k === 'string') : [];
      const pick = (from: unknown) => Object.fromEntries(keys.map((k) => [k, (from as Json | undefined)?.[k]]));
      return keys.length ? diffConfig(pick(f.answer.previous), pick(f.answer.patch)).lines : [];
    },
  },
  {
    method: 'POST',
    pattern: /^\/password-recovery$/,
    kind: 'directory-setup',
    says: (f) => {
      const created = list(f.answer.created);
      return [
        created ? `set up password recovery in Authentik (created ${created})` : 'set up password recovery in Authentik (it was in place already)',
        'set up password recovery in Authentik',
      ];
    },
  },
];

/** JSON bodies of these calls are a few KB at most; a larger one was refused and is not read. */
const MAX_BODY = 64 * 1024;

export function recordOverlayChanges(deps: { activity: ActivityLog; ensureRecordable: RecordableCheck; log: Logger }): MiddlewareHandler<OverlayEnv> {
  return async function recordOverlayChange(c, next) {
    const path = c.get('path');
    const found = path.startsWith(`${API}/`) ? match(c.req.method, path.slice(API.length)) : null;
    const user = c.get('user');
    if (!found || user?.role !== 'admin') return next();
    await deps.ensureRecordable();
    await next();
    const { change, params } = found;
    const status = c.res.status;
    const ok = status < 400;
    await recordChange(deps, { user, method: c.req.method, path }, async () => {
      const facts: Facts = { params, query: (name) => text(c.req.query(name) ?? ''), body: await jsonBody(c), answer: ok ? await jsonAnswer(c) : {}, ok };
      const [done, tried] = change.says(facts);
      return { kind: change.kind, status, ok, summary: ok ? done : `could not ${tried}`, diff: ok && change.diff ? change.diff(facts) : [] };
    });
  };
}

function match(method: string, path: string): { change: OverlayChange; params: Record<string, string> } | null {
  for (const change of CHANGES) {
    const found = change.method === method ? change.pattern.exec(path) : null;
    if (found) return { change, params: pathParams(found) };
  }
  return null;
}

async function jsonBody(c: Context<OverlayEnv>): Promise<Json> {
  const length = Number(c.req.header('content-length') ?? 0);
  if (!(c.req.header('content-type') ?? '').includes('application/json') || !(length > 0 && length <= MAX_BODY)) return {};
  // Hono keeps the body the handler parsed: this reads it again from there.
  return asPlainObject(await c.req.json().catch(() => null));
}

async function jsonAnswer(c: Context<OverlayEnv>): Promise<Json> {
  if (!(c.res.headers.get('content-type') ?? '').includes('application/json')) return {};
  return asPlainObject(
    await c.res
      .clone()
      .json()
      .catch(() => null),
  );
}
