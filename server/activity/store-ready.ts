/**
 * Closed by default: a change goes through only while the activity log can be written. Each one
 * first pings the state store (prompt: the Redis client queues nothing while disconnected); when it
 * does not answer, the change is refused with 503 before anything is sent on, so none happens
 * unrecorded. A store that fails between this check and the entry's write leaves an error line.
 */
import type { Logger } from 'pino';
import { OverlayError } from '../http/errors.ts';

export type RecordableCheck = () => Promise<void>;

export function activityStoreCheck(options: { ping: () => Promise<void>; log: Logger }): RecordableCheck {
  const { ping, log } = options;
  return async function ensureRecordable() {
    try {
      await ping();
    } catch (error) {
      log.error({ reason: (error as Error).message }, 'activity log: the store is not answering; changes are refused until it does');
      throw new OverlayError(503, {
        title: 'Changes are paused',
        message:
          "Every change is recorded in the activity log, and the overlay's state store is not answering, so changes are refused until it does. Viewing still works. Try again in a moment; if it persists, check the store (STORE_URL).",
        retryAfterSeconds: 5,
      });
    }
  };
}
