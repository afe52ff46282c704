/**
 * Denying a request whose approval started: an attempt that failed part-way may have created the
 * account and granted its groups (Authentik refusing the set-password link comes after both), and
 * a denied person must not keep them. Every group any attempt set out to grant is removed through
 * the console's DirectoryWriter before the request is marked denied.
 */
import { OverlayError } from '../http/errors.ts';
import { sameEmail } from '../onboarding/new-account.ts';
import { directoryCall } from '../users/errors.ts';
import type { DirectoryWriter, UserReader } from '../users/types.ts';
import { cannotTakeBack, takeBackFailed } from './refusals.ts';
import { groupsToTakeBack } from './repository.ts';
import type { AccessRequest, TakenBack } from './types.ts';

export interface TakeBackDeps {
  /** Asked on every use, like the account creator: null while the directory is read-only here. */
  writer(): DirectoryWriter | null;
  reader: UserReader | null;
}

/**
 * Removes the request's tried groups from its account; throws (naming the group and what was
 * removed so far) when one cannot be removed. Tolerated: no such account (the attempt failed
 * before creating it), no such group (deleted since), and not a member (the writers' removal is
 * idempotent). An account of that name with another email is someone else's: left alone.
 */
export async function takeBackGroups(deps: TakeBackDeps, request: AccessRequest): Promise<TakenBack> {
  const attempts = request.approval?.attempts ?? 0;
  const groups = groupsToTakeBack(request);
  const removed: string[] = [];
  if (groups.length === 0) return { attempts, removed };
  const writer = deps.writer();
  if (!writer) throw cannotTakeBack(request.username, groups);
  if (await someoneElses(deps.reader, request)) return { attempts, removed };
  for (const group of groups) {
    try {
      await directoryCall(() => writer.removeMember(request.username, group));
      removed.push(group);
    } catch (error) {
      const missing = error instanceof OverlayError && error.status === 404 ? error.details.field : undefined;
      if (missing === 'username') break;
      if (missing === 'group') continue;
      throw takeBackFailed(error, request.username, group, removed);
    }
  }
  return { attempts, removed };
}

/** The creators adopt an existing account only when its email matches; one that does not was never ours. */
async function someoneElses(reader: UserReader | null, request: AccessRequest): Promise<boolean> {
  if (!reader) return false;
  const wanted = request.username.toLowerCase();
  const { users } = await directoryCall(() => reader.list());
  const account = users.find((u) => u.username.toLowerCase() === wanted);
  return account !== undefined && !sameEmail(account.email, request.email);
}
