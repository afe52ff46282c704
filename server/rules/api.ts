import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { RuleChanged, RuleSet, UserAccess } from '../contract.ts';
import type { Directory } from '../directory/types.ts';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { badInput, readJsonBody } from '../http/json-body.ts';
import type { MediamtxApi } from '../mediamtx/api-client.ts';
import { activeGroups, asSpelledIn, roleOf, type Policy } from '../policy/groups.ts';
import { visiblePaths } from '../policy/may.ts';
import { effectiveAccess } from './evaluate.ts';
import { knownPaths } from './known-paths.ts';
import type { RulesRepository, RuleWrite } from './repository.ts';
import { RuleInputError } from './rule-input-error.ts';
import { validateRuleInput } from './validate.ts';

const MAX_BODY = 64 * 1024;

export interface RulesApiDeps {
  repo: RulesRepository;
  directory: Directory | null;
  mediamtx: MediamtxApi;
}

/** `/_overlay/api/{rules,access,audit}`: admin-only (the route table keeps viewers out), JSON. */
export function rulesApi(deps: RulesApiDeps): Hono<OverlayEnv> {
  const api = new Hono<OverlayEnv>();
  const limit = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw badInput('body', `the request body is larger than ${MAX_BODY / 1024} KB`);
    },
  });

  api.get('/rules', async (c) => {
    const { rules, version } = await deps.repo.list();
    c.header('ETag', `"${version}"`);
    return c.json({ rules, version } satisfies RuleSet);
  });

  api.put('/rules', limit, async (c) => {
    const expected = expectedVersion(c);
    const input = await validated(c, deps.repo.current().policy);
    const groups = await asTheDirectorySpellsThem(input.groups);
    return answer(c, await deps.repo.put({ ...input, groups }, expected, c.get('user').username));
  });

  api.delete('/rules', async (c) => {
    const expected = expectedVersion(c);
    const path = c.req.query('path');
    if (!path) throw badInput('path', 'name the rule to delete: DELETE /_overlay/api/rules?path=<selector>');
    const result = await deps.repo.remove(path, expected, c.get('user').username);
    if (!result.ok && result.reason === 'not-found') {
      throw new OverlayError(404, { title: 'No such rule', message: `There is no rule for "${path}".`, field: 'path' });
    }
    return answer(c, result);
  });

  api.get('/access', async (c) => {
    const path = c.req.query('path');
    const user = c.req.query('user');
    if (path) {
      const access = effectiveAccess(deps.repo.current(), path);
      return c.json({ path, groups: [...access.groups], rule: access.rule, via: access.via });
    }
    if (user) return c.json(await userAccess(user));
    throw badInput('path', 'ask about a stream (?path=live/cam1) or a person (?user=alice)');
  });

  api.get('/audit', async (c) => {
    const limitParam = boundedInt(c.req.query('limit'), 50, 1, 500, 'limit');
    const offset = boundedInt(c.req.query('offset'), 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
    return c.json(await deps.repo.audit({ limit: limitParam, offset }));
  });

  async function userAccess(username: string): Promise<UserAccess> {
    if (!deps.directory) throw badInput('user', 'looking a person up needs the directory (LDAP_URL)');
    const entry = await deps.directory.findUser(username);
    if (!entry) throw new OverlayError(404, { title: 'No such user', message: `"${username}" is not in the directory.`, field: 'user' });
    const rules = deps.repo.current();
    const groups = activeGroups(rules.policy, entry);
    const role = roleOf(rules.policy, groups);
    const known = await knownPaths(deps.mediamtx, rules);
    const paths = role === 'none' ? [] : visiblePaths({ groups }, known, rules);
    return { user: entry.username, active: entry.active, role, groups, paths };
  }

  /**
   * Each group as the directory spells it (names compare without case, as in LDAP), once; a group
   * the directory does not hold is refused. Without LDAP only the prefix can be checked
   * (validateRuleInput did), and the groups are kept as written.
   */
  async function asTheDirectorySpellsThem(groups: string[]): Promise<string[]> {
    if (!deps.directory) return groups;
    const spelled = asSpelledIn(await deps.directory.listGroups(), groups);
    if (spelled.unknown.length) throw badInput('groups', `not in the directory: ${spelled.unknown.join(', ')}`);
    return spelled.groups;
  }

  return api;
}

async function validated(c: Context<OverlayEnv>, policy: Policy) {
  const body = await readJsonBody(c);
  try {
    return validateRuleInput(body, policy);
  } catch (error) {
    if (error instanceof RuleInputError) throw badInput(error.field, error.message);
    throw error;
  }
}

/** `If-Match` carries the version from GET /rules; without it a write could silently undo someone else's. */
function expectedVersion(c: Context<OverlayEnv>): number {
  const header = c.req.header('if-match');
  if (!header) {
    throw new OverlayError(428, {
      title: 'Version required',
      message: 'Send If-Match with the version from GET /_overlay/api/rules, so a concurrent change is never overwritten.',
      field: 'If-Match',
    });
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw badInput('If-Match', 'must be the rules version number, e.g. "3"');
  return Number(match[1]);
}

function answer(c: Context<OverlayEnv>, result: RuleWrite) {
  if (result.ok) {
    c.header('ETag', `"${result.version}"`);
    return c.json({ version: result.version, rule: result.rule } satisfies RuleChanged);
  }
  if (result.reason === 'stale') {
    throw new OverlayError(412, {
      title: 'Changed meanwhile',
      message: `Someone changed the rules since the version you edited; they are now at version ${result.current.version}. Nothing was saved: here is the current state.`,
      body: { current: result.current },
    });
  }
  throw new OverlayError(404, { title: 'No such rule', message: 'There is no such rule.' });
}

function boundedInt(value: string | undefined, fallback: number, min: number, max: number, field: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(field, `must be a whole number from ${min} to ${max}`);
  return n;
}
