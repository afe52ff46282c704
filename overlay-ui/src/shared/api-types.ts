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
}

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
