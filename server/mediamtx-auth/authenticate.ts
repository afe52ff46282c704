import type { InternalMatch, InternalUser } from '../mediamtx/internal-users/index.ts';
import { matchInternalUser } from '../mediamtx/internal-users/index.ts';
import type { PlaybackTokens } from '../playback/tokens.ts';
import { may, READ_ACTIONS } from '../policy/may.ts';
import type { CompiledRules } from '../rules/compile.ts';
import type { PeopleResolver, Person } from './people.ts';
import { andThen, type Maybe } from './maybe.ts';
import { tokenCandidates, type MediamtxAuthRequest } from './request.ts';

export type IdentifiedBy = 'internal-user' | 'token' | 'directory' | 'none';

export interface AuthDecision {
  allow: boolean;
  /** Names what decided: the internal user, the rule, the group, or why nobody was identified. */
  reason: string;
  by: IdentifiedBy;
  /** The person (or internal user) the decision is about; '' when nobody was identified. */
  user: string;
  /** The rule selector that decided a read, when one did. */
  rule: string | null;
}

export interface AuthDeps {
  internalUsers: () => readonly InternalUser[];
  tokens: PlaybackTokens;
  /** null without LDAP: tokens and directory credentials cannot be checked, only internal users. */
  people: PeopleResolver | null;
  /** With the policy they were compiled with: what a person may do is may()'s answer. */
  rules: () => CompiledRules;
}

/** Matches are the compiled entries themselves, so each one's reason is formatted once. */
const internalReasons = new WeakMap<InternalMatch, string>();
function internalReason(match: InternalMatch): string {
  let reason = internalReasons.get(match);
  if (reason === undefined) internalReasons.set(match, (reason = `MediaMTX internal user #${match.index} (${match.user})`));
  return reason;
}

/**
 * One MediaMTX auth request → allow or deny, first match wins: MediaMTX's own internal users,
 * then an overlay playback token, then directory credentials. Knows nothing about HTTP. Answers
 * without a promise when everything it needs is in memory (see maybe.ts).
 */
export function authenticate(request: MediamtxAuthRequest, deps: AuthDeps): Maybe<AuthDecision> {
  return andThen(matchInternalUser(deps.internalUsers(), request), (internal) => {
    if (internal) return { allow: true, reason: internalReason(internal), by: 'internal-user', user: request.user || internal.user, rule: null };
    const candidates = tokenCandidates(request);
    if (!request.user && !request.password && candidates.length === 0) {
      // MediaMTX's first request of every client carries nothing: a quick 401 makes it ask for credentials.
      return deny('none', '', 'no credentials (MediaMTX will ask the client for them)');
    }
    const { people } = deps;
    if (!people) return deny('none', request.user, 'no internal user matches and no directory is configured for other credentials');
    return byToken(request, candidates, 0, deps, people);
  });
}

/** The first of the candidates that verifies decides; none does → directory credentials. */
function byToken(request: MediamtxAuthRequest, candidates: string[], next: number, deps: AuthDeps, people: PeopleResolver): Maybe<AuthDecision> {
  if (next === candidates.length) return byCredentials(request, candidates, deps, people);
  return andThen(deps.tokens.verify(candidates[next]!), (claims) => {
    if (!claims) return byToken(request, candidates, next + 1, deps, people);
    if (!READ_ACTIONS.has(request.action)) return deny('token', claims.user, `playback tokens allow read and playback only, not ${request.action}`);
    return andThen(people.lookup(claims.user), (found) => {
      if (found.kind === 'unavailable') return deny('token', claims.user, `directory unavailable past the grace period: ${found.reason}`);
      if (!found.person?.active) return deny('token', claims.user, "the token's user is no longer active in the directory");
      return forPerson(found.person, request, deps, 'token');
    });
  });
}

function byCredentials(request: MediamtxAuthRequest, candidates: string[], deps: AuthDeps, people: PeopleResolver): Maybe<AuthDecision> {
  // A token-shaped password that did not verify is a stale or forged token, not an LDAP password.
  if (candidates.length > 0 && (!request.password || candidates.includes(request.password))) {
    return deny('token', request.user, 'invalid or expired token');
  }
  if (!request.user || !request.password) return deny('none', request.user, 'a user name and a password are both needed');
  return andThen(people.checkCredentials(request.user, request.password, request.ip), (checked) => {
    switch (checked.kind) {
      case 'person':
        return forPerson(checked.person, request, deps, 'directory');
      case 'throttled':
        return deny('directory', request.user, `too many failed attempts; retry in ${checked.retryAfterSeconds} s`);
      case 'unavailable':
        return deny('directory', request.user, `directory unavailable past the grace period: ${checked.reason}`);
      default:
        return deny('directory', request.user, 'the directory refused these credentials');
    }
  });
}

/** What the person's groups allow for this action. */
function forPerson(person: Person, request: MediamtxAuthRequest, deps: AuthDeps, by: IdentifiedBy): AuthDecision {
  const decision = may(person, request.action, request.path, deps.rules());
  return { allow: decision.allow, reason: decision.reason, by, user: person.username, rule: decision.rule?.path ?? null };
}

function deny(by: IdentifiedBy, user: string, reason: string): AuthDecision {
  return { allow: false, reason, by, user, rule: null };
}
