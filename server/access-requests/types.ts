/** An access request as stored (one versioned document in the state store) and as the admin API shows it. */

import type { AccessRequest, ApprovalProgress, RequestFields, RequestState, StoredPasswordSetup } from '../contract.ts';

/** The request and its progress are what the console's API shows: one contract (server/contract.ts). */
export type { AccessRequest, ApprovalProgress, RequestFields, RequestState, StoredPasswordSetup };

/**
 * What a deny took back before it was written: `attempts` is how many approval attempts the
 * request had when its groups were taken back (0 for a pending one), so a deny that raced a newer
 * attempt is refused; `removed` the groups taken from the account.
 */
export interface TakenBack {
  attempts: number;
  removed: string[];
}

/** One line of the request log: who did what to which request, when. */
export interface RequestAuditEntry {
  at: string;
  by: string;
  action: 'submit' | 'approve-start' | 'approve-failed' | 'approved' | 'deny';
  id: string;
  username: string;
  detail: string | null;
}
