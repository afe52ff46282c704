/** How the admin API says no: a 404 for an unknown request, a 409 naming the state it is in. */
import { DirectoryUnavailableError } from '../directory/types.ts';
import { directoryDown, OverlayError } from '../http/errors.ts';
import type { Refusal } from './repository.ts';

export function requestNotFound(): OverlayError {
  return new OverlayError(404, { title: 'No such request', message: 'There is no access request with that id.', field: 'id' });
}

export function refused(refusal: Refusal, verb: 'approved' | 'denied'): OverlayError {
  if (refusal.reason === 'not-found') return requestNotFound();
  const { request } = refusal;
  if (refusal.reason === 'in-flight') {
    return new OverlayError(409, {
      title: 'Approval in progress',
      message: `${request.approval?.startedBy ?? 'Another admin'} is approving this request right now (since ${request.approval?.startedAt}). Wait for it to finish.`,
      body: { state: request.state },
    });
  }
  if (refusal.reason === 'superseded') {
    return new OverlayError(409, {
      title: 'Approval taken over',
      message: `This approval ran past its time and the request was taken over meanwhile (it is ${request.state} now${request.decidedBy ? `, by ${request.decidedBy}` : ''}), so its result was not recorded. Look at the request again.`,
      body: { state: request.state },
    });
  }
  if (refusal.reason === 'changed') {
    return new OverlayError(409, {
      title: 'Request changed',
      message:
        'Another approval of this request was started while it was being denied, so it was not denied. Look at the request again and deny it once that approval has ended.',
      body: { state: request.state },
    });
  }
  const who = request.decidedBy ? ` by ${request.decidedBy}` : '';
  return new OverlayError(409, {
    title: `Request is ${request.state}`,
    message: `This request is ${request.state}${who}; it cannot be ${verb} now.`,
    body: { state: request.state },
  });
}

export function cannotCreateAccounts(): OverlayError {
  return new OverlayError(409, {
    title: 'Accounts cannot be created here',
    message: 'The directory is read-only for the overlay, so approving cannot create the account. Set AUTHENTIK_URL/AUTHENTIK_TOKEN or DIRECTORY_WRITE=ldap.',
  });
}

export function usernameTakenSince(username: string): OverlayError {
  return new OverlayError(409, {
    title: 'Username taken',
    message: `"${username}" is in the directory now (it was not when the request came in). Deny this request and ask the person to choose another name.`,
    field: 'username',
  });
}

/**
 * createAccount failed part-way: the request stays 'approving' and the next approve finishes it.
 * The directory's own refusal keeps its status; anything else is a 502 (the directory or Authentik failed).
 */
export function approvalFailed(error: unknown): OverlayError {
  const retry = 'The request stays "approving": approve it again to finish, or deny it (which takes back the groups it granted).';
  const base = asOverlayError(error, 'Account not created', `Creating the account failed: ${(error as Error).message}.`);
  return new OverlayError(base.status, {
    ...base.details,
    message: `${base.details.message} ${retry}`,
    body: { ...base.details.body, state: 'approving' },
  });
}

/** Denying a request whose approval started needs the directory writer to take its groups back. */
export function cannotTakeBack(username: string, groups: string[]): OverlayError {
  return new OverlayError(409, {
    title: 'Groups cannot be taken back',
    message:
      `An approval of this request started and may have given ${username} ${groups.join(', ')}; denying takes those back first, ` +
      'but the directory is read-only for the overlay. Set AUTHENTIK_URL/AUTHENTIK_TOKEN or DIRECTORY_WRITE=ldap, then deny again.',
  });
}

/** Taking a group back failed: the request stays as it was, and the message says what was taken back so far. */
export function takeBackFailed(error: unknown, username: string, group: string, removed: string[]): OverlayError {
  const base = asOverlayError(error, 'Groups not taken back', `${(error as Error).message}.`);
  const sofar = removed.length ? ` (${removed.join(', ')} already taken back)` : '';
  return new OverlayError(base.status, {
    ...base.details,
    title: 'Request not denied',
    message: `Denying takes back the groups the approval gave, and taking ${username} out of ${group} failed${sofar}: ${base.details.message} The request was not denied; deny it again.`,
    body: { ...base.details.body, state: 'approving' },
  });
}

/** The directory's own refusal keeps its status, an outage is the usual 503, anything else a 502 (the directory or Authentik failed). */
function asOverlayError(error: unknown, title: string, message: string): OverlayError {
  if (error instanceof OverlayError) return error;
  if (error instanceof DirectoryUnavailableError) return directoryDown(error);
  return new OverlayError(502, { title, message });
}
