/**
 * The console's API (`/_overlay/api/*`) as both sides see it: the server's handlers answer with
 * these shapes, and the console panels (overlay-ui) import them with `import type` only. Types,
 * and no imports: the UI's type check reads this file alone, and its bundle gets nothing from it.
 */

/** `none`: signed in, no stream group; such a person never gets past the route table to `/me`. */
export type Role = 'admin' | 'viewer' | 'none';

/** Who writes group changes to the directory; null: the directory is read-only here. */
export type DirectoryWrite = 'authentik' | 'ldap' | null;

/** tak-portal: TAK Portal takes requests; overlay: /request-access does; off: nobody can create accounts here. */
export type RequestAccessMode = 'tak-portal' | 'overlay' | 'off';

/** GET /me: who the console is drawn for. */
export interface Me {
  username: string;
  name: string;
  role: Role;
  /** Their stream groups, as the directory spells them. */
  groups: string[];
  /** GROUP_PREFIX: groups whose name starts with it, in any case (never tak_*), are stream groups. */
  groupPrefix: string;
  /** The admin groups that are stream groups (the others are never shown). */
  adminGroups: string[];
  logoutUrl: string;
  /** How people are identified: `forward-auth` or `ldap-login` (the console only runs in directory mode). */
  mode: string;
  takPortalUrl: string | null;
  directoryWrite: DirectoryWrite;
  /** Where this person changes their password (Authentik's user settings); null or absent: nowhere here. */
  passwordUrl?: string | null;
  /** Admins only: where access requests go, and how many wait for an admin. */
  requestAccess?: { mode: RequestAccessMode; pending: number };
}

/** GET /groups, POST /groups: a stream group and how many people are in it. */
export interface ListedGroup {
  name: string;
  members: number;
}

/** A person as the panels see them: only their stream groups. */
export interface ListedUser {
  username: string;
  name: string;
  email: string;
  active: boolean;
  groups: string[];
}

export type SortKey = 'username' | 'name' | 'email';
export type SortOrder = 'asc' | 'desc';

/** GET /users's query. */
export interface UsersQuery {
  search: string;
  page: number;
  pageSize: number;
  sort: SortKey;
  order: SortOrder;
}

/** GET /users. */
export interface UsersPage {
  users: ListedUser[];
  total: number;
  page: number;
  pageSize: number;
}

/** Which kind of selector decided a path; `default`: no rule matched. */
export type Via = 'exact' | 'glob' | 'regex' | 'default';

export interface PathAccess {
  groups: string[];
  /** The deciding rule's selector, or null when the default groups apply. */
  rule: string | null;
  via: Via;
}

/** GET /paths: every path an admin cares about. */
export interface PathInfo {
  path: string;
  configured: boolean;
  active: boolean;
  access: PathAccess;
  /** How many people who are no admins can see it; null when the directory cannot be listed. */
  viewers: number | null;
}

/** GET /paths/viewers. */
export interface Viewers {
  path: string;
  users: Array<{ username: string; name: string }>;
}

/** A stream rule: which groups may see the streams its selector matches. */
export interface Rule {
  /** An exact path, a glob (has `*`) or a regex (starts with `~`). */
  path: string;
  groups: string[];
  updatedBy: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** GET /rules. */
export interface RuleSet {
  rules: Rule[];
  version: number;
}

/** PUT and DELETE /rules: the new version, and the rule as stored (null once deleted). */
export interface RuleChanged {
  version: number;
  rule: Rule | null;
}

/** GET /access?user=: what a person may see. */
export interface UserAccess {
  user: string;
  active: boolean;
  role: Role;
  groups: string[];
  paths: string[];
}

/** An error answer: `error` says what went wrong, `field` which input (`path`, `groups[1]`, `name`, …). */
export interface ErrorAnswer {
  error?: string;
  title?: string;
  field?: string;
  /** A rules write refused as stale (412): the rules as they are now. */
  current?: RuleSet;
}

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

/** How the approved person sets a first password; a link's URL is in the approve answer only. */
export type PasswordSetup = { kind: 'link'; url: string; expiresAt: string; emailed: boolean } | { kind: 'emailed'; by: 'authentik' };

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

/** An access request as stored and as GET /access-requests shows it. */
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

/** GET /access-requests. */
export interface AccessRequestList {
  /** Waiting ones first, then recently decided ones. */
  requests: AccessRequest[];
  pending: number;
  total: number;
  mode: RequestAccessMode;
}

/** POST /access-requests/:id/approve. */
export interface Approval {
  request: AccessRequest;
  passwordSetup: PasswordSetup;
}

/** POST /access-requests/:id/deny. */
export interface Denial {
  request: AccessRequest;
}

/** The pieces of Authentik's password recovery the overlay checks and sets up. */
export type RecoveryItemKey =
  | 'flow'
  | 'identification-stage'
  | 'email-stage'
  | 'password-field'
  | 'password-repeat-field'
  | 'password-stage'
  | 'user-write-stage'
  | 'binding-identification'
  | 'binding-email'
  | 'binding-password'
  | 'binding-user-write'
  | 'brand-recovery-flow'
  | 'login-recovery-link'
  | 'smtp';

/** Every key but `smtp`: the pieces Enable can create or set. */
export type RecoveryStepKey = Exclude<RecoveryItemKey, 'smtp'>;

export interface RecoveryItem {
  key: RecoveryItemKey;
  label: string;
  present: boolean;
  detail: string;
  /** Only a check: Enable cannot do it, and `complete` does not wait for it (SMTP). */
  checkOnly?: true;
}

/** GET /password-recovery; POST adds `created`. */
export interface RecoveryStatus {
  items: RecoveryItem[];
  /** Every piece Enable manages is in place. */
  complete: boolean;
  /** POST only: keys of what this run created or set, in order. */
  created?: RecoveryStepKey[];
}

/** What an activity entry records (issue 15): a change through the editor, or one of the overlay's own. */
export type ActivityKind = 'editor-change' | 'rule-change' | 'access-decision' | 'group-change' | 'mediamtx-settings' | 'directory-setup';

/** One changed configuration key of a YAML save: dotted path, values as JSON, secrets replaced by "<redacted>". */
export interface ActivityDiffLine {
  key: string;
  before: unknown;
  after: unknown;
}

/** One recorded change. Request bodies are never kept as they are: only this summary, a redacted diff, an upload's name and size. */
export interface ActivityEntry {
  id: string;
  /** ISO 8601. */
  at: string;
  /** The directory person who made the change. */
  user: string;
  role: Role;
  kind: ActivityKind;
  method: string;
  /** The editor route or overlay API path, as decided on (decoded, no query). */
  route: string;
  /** What the editor (or the overlay's own handler) answered; null when no answer came. */
  status: number | null;
  outcome: 'ok' | 'failed';
  /** A short human line: "saved the YAML (3 keys changed)", "restarted MediaMTX", "denied alice's request". */
  summary: string;
  /** A config save whose before/after diff is kept: GET /activity/:id returns it. */
  hasDiff: boolean;
  upload?: { name: string; size: number };
}

/** GET /activity?user=&kind=&since=&limit=&offset=: newest first. */
export interface ActivityPage {
  entries: ActivityEntry[];
  total: number;
  limit: number;
  offset: number;
}

/** GET /activity/:id: one entry with its diff (empty when it has none). */
export interface ActivityDetail extends ActivityEntry {
  diff: ActivityDiffLine[];
}
