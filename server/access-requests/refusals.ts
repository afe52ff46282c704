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
  const retry = 'The request stays "approving": approve it again to finish, or deny it.';
  const base =
    error instanceof OverlayError
      ? error
      : error instanceof DirectoryUnavailableError
        ? directoryDown(error)
        : new OverlayError(502, { title: 'Account not created', message: `Creating the account failed: ${(error as Error).message}.` });
  return new OverlayError(base.status, {
    ...base.details,
    message: `${base.details.message} ${retry}`,
    body: { ...base.details.body, state: 'approving' },
  });
}
