/**
 * How both recorders (editor-recorder.ts, overlay-changes.ts) write an entry once the change has
 * been answered. It never rejects: the change is made by then, so a failure to describe or store
 * it (a store that went away after the check before the change) leaves an error line instead.
 */
import type { Logger } from 'pino';
import type { SignedInUser } from '../http/env.ts';
import type { ActivityDiffLine, ActivityEntry, ActivityKind } from '../contract.ts';
import type { ActivityLog } from './activity-log.ts';
import { shownRoute } from './editor-routes.ts';

/** What a recorder knows of a change once it has been answered; ok becomes the entry's outcome. */
export interface DescribedChange {
  kind: ActivityKind;
  status: number | null;
  ok: boolean;
  summary: string;
  diff: ActivityDiffLine[];
  upload?: ActivityEntry['upload'] | null;
}

export async function recordChange(
  deps: { activity: ActivityLog; log: Logger },
  request: { user: SignedInUser; method: string; path: string },
  describe: () => Promise<DescribedChange>,
): Promise<void> {
  const { user, method, path } = request;
  try {
    const { kind, status, ok, summary, diff, upload } = await describe();
    await deps.activity.record({
      user: user.username,
      role: user.role,
      kind,
      method,
      route: shownRoute(path),
      status,
      outcome: ok ? 'ok' : 'failed',
      summary,
      diff,
      ...(upload && { upload }),
    });
  } catch (error) {
    deps.log.error({ reason: (error as Error).message, user: user.username, method, route: path }, 'activity log: could not record a change');
  }
}
