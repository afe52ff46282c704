/** An access request as stored (one versioned document in the state store) and as the admin API shows it. */

/**
 * pending → approving → approved, or pending → denied. 'approving' means an account is being
 * created (or creating it failed half-way and the next approve finishes it).
 */
export type RequestState = 'pending' | 'approving' | 'approved' | 'denied';

/** What the open form collects: never a password. */
export interface RequestFields {
  name: string;
  email: string;
  username: string;
  reason: string;
  agency: string | null;
}

/** What is kept of the PasswordSetup: a link's URL is handed to the admin once and never stored. */
export type StoredPasswordSetup = { kind: 'link'; expiresAt: string; emailed: boolean } | { kind: 'emailed'; by: 'authentik' };

export interface ApprovalProgress {
  /** How many times createAccount was started for this request. */
  attempts: number;
  /** When the latest attempt started, and by whom. */
  startedAt: string;
  startedBy: string;
  /** True while an attempt runs; a crashed attempt counts as finished once its lease ran out. */
  inFlight: boolean;
  /**
   * Until when the latest attempt owns the request: its worst-case run time, so a slow attempt is
   * never taken for crashed. Records from before it was kept: startedAt plus the minimum lease.
   */
  leaseUntil?: string;
  /** Every group any attempt set out to grant: what denying takes back. Older records: `groups`. */
  triedGroups?: string[];
  /** Why the latest attempt failed; null when it did not (yet). */
  lastError: string | null;
  outcome: { created: boolean; passwordSetup: StoredPasswordSetup } | null;
}

export interface AccessRequest extends RequestFields {
  id: string;
  state: RequestState;
  submittedAt: string;
  /** The admin who approved or denied, and when (for an approval: when it finished). */
  decidedBy: string | null;
  decidedAt: string | null;
  /** The groups the approving admin chose. */
  groups: string[];
  denyReason: string | null;
  approval: ApprovalProgress | null;
}

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
