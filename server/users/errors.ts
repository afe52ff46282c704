/** The users API's refusals, worded once so every panel shows the same messages. */
import { DirectoryUnavailableError } from '../directory/types.ts';
import { directoryDown, OverlayError } from '../http/errors.ts';

export { badInput } from '../http/json-body.ts';

export function notFound(field: 'username' | 'group', what: string): OverlayError {
  return new OverlayError(404, {
    title: field === 'group' ? 'No such group' : 'No such user',
    message: `${what} is not in the directory.`,
    field,
  });
}

const READ_ONLY_MESSAGE = 'directory is read-only: set DIRECTORY_WRITE=ldap or AUTHENTIK_URL/AUTHENTIK_TOKEN';

/** 409: the request is fine, the overlay's configuration does not allow it. */
export function readOnly(): OverlayError {
  return new OverlayError(409, { title: 'Directory is read-only', message: READ_ONLY_MESSAGE });
}

export function noListing(): OverlayError {
  return new OverlayError(409, {
    title: 'Directory cannot be listed',
    message: 'Listing people and groups needs LDAP_URL, or AUTHENTIK_URL with AUTHENTIK_TOKEN.',
  });
}

/** LDAP outages become the same closed 503 as everywhere else; anything else is rethrown as it is. */
export async function directoryCall<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (error instanceof DirectoryUnavailableError) throw directoryDown(error);
    throw error;
  }
}
