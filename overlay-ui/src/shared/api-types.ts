/** The overlay's admin/identity API (`/_overlay/api/*`), as the UI sees it. */

export type Role = 'admin' | 'viewer';
export type DirectoryWrite = 'authentik' | 'ldap' | null;

export interface Me {
  username: string;
  name: string;
  role: Role;
  groups: string[];
  logoutUrl: string;
  /** How people are identified: `forward-auth` or `ldap-login` (the bundle only runs in directory mode). */
  mode: string;
  takPortalUrl: string | null;
  directoryWrite: DirectoryWrite;
  /** Where this person changes their password (Authentik's user settings); null or absent: nowhere here. */
  passwordUrl?: string | null;
  /** Admins only: where access requests go, and how many wait for an admin. */
  requestAccess?: { mode: RequestAccessMode; pending: number };
}

/** tak-portal: TAK Portal takes requests; overlay: /request-access does; off: nobody can create accounts here. */
export type RequestAccessMode = 'tak-portal' | 'overlay' | 'off';

export interface Group {
  name: string;
  /** A count, or the member names: either is accepted. */
  members: number | string[];
}

export type SortKey = 'username' | 'name' | 'email';
export type SortOrder = 'asc' | 'desc';

export interface UsersQuery {
  search: string;
  page: number;
  pageSize: number;
  sort: SortKey;
  order: SortOrder;
}

export interface DirectoryUser {
  username: string;
  name: string;
  email: string;
  active: boolean;
  groups: string[];
}

export interface UsersPage {
  users: DirectoryUser[];
  total: number;
  page: number;
  pageSize: number;
}

export type Via = 'exact' | 'glob' | 'regex' | 'default';

export interface PathAccess {
  groups: string[];
  /** The deciding rule's selector, or null when the default groups apply. */
  rule: string | null;
  via: Via;
}

export interface PathInfo {
  path: string;
  configured: boolean;
  active: boolean;
  access: PathAccess;
  /** How many people can see it (a count, or the list); null when the directory cannot be listed. */
  viewers: number | unknown[] | null;
}

export interface Viewers {
  path: string;
  users: Array<{ username: string; name: string }>;
}

export interface Rule {
  path: string;
  groups: string[];
  updatedBy: string;
  updatedAt: string;
}

export interface RuleSet {
  rules: Rule[];
  version: number;
}

export interface UserAccess {
  user: string;
  role: string;
  groups: string[];
  paths: string[];
}

/** An input the API refused, pointing at the field (`path`, `groups`, `groups[1]`, `name`, …). */
export interface FieldError {
  field: string | null;
  message: string;
}

/** pending → approving → approved, or → denied; `approving` that is not in flight failed half-way. */
export type RequestState = 'pending' | 'approving' | 'approved' | 'denied';

export interface AccessRequest {
  id: string;
  state: RequestState;
  name: string;
  email: string;
  username: string;
  reason: string;
  agency: string | null;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The groups the approving admin chose. */
  groups: string[];
  denyReason: string | null;
  approval: { attempts: number; startedAt: string; startedBy: string; inFlight: boolean; lastError: string | null } | null;
}

export interface AccessRequestList {
  /** Waiting ones first, then recently decided ones. */
  requests: AccessRequest[];
  pending: number;
  total: number;
  mode: RequestAccessMode;
}

/** How the approved person sets a first password; a link's URL is in the approve answer only. */
export type PasswordSetup =
  | { kind: 'link'; url: string; expiresAt: string; emailed: boolean }
  | { kind: 'emailed'; by: 'authentik' };

export interface Approval {
  request: AccessRequest;
  passwordSetup: PasswordSetup;
}

export interface RecoveryItem {
  key: string;
  label: string;
  present: boolean;
  detail: string;
  /** Only a check (SMTP): Enable cannot do it and `complete` does not wait for it. */
  checkOnly?: boolean;
}

export interface RecoveryStatus {
  items: RecoveryItem[];
  complete: boolean;
  /** POST only: keys of what this run created or set, in order. */
  created?: string[];
}
