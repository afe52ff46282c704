/**
 * MediaMTX `authInternalUsers`, compiled once so that answering an auth callback is lookups only.
 * Semantics follow MediaMTX's internal/auth/manager.go and internal/conf/{credential,ip_networks}.go.
 */
import type { Guess } from './guess.ts';
import type { IpNetwork } from './ip-networks.ts';

export type AuthAction = 'publish' | 'read' | 'playback' | 'api' | 'metrics' | 'pprof';

export const AUTH_ACTIONS: readonly AuthAction[] = ['publish', 'read', 'playback', 'api', 'metrics', 'pprof'];

/** The fields of MediaMTX's auth callback body that internal users are judged on. */
export interface InternalAuthRequest {
  user: string;
  password: string;
  ip: string;
  action: string;
  path: string;
}

export interface InternalMatch {
  /** Position of the accepting entry in `authInternalUsers` (0-based, counting skipped entries). */
  index: number;
  /** The entry's `user` as configured: `any`, a plain name, or `(hashed)` for sha256/argon2 names. */
  user: string;
}

export interface CompiledPermission {
  action: AuthAction;
  /** As configured; `""` = any path. */
  path: string;
  /** Only consulted for publish/read/playback, as in MediaMTX. */
  matchesPath(path: string): boolean;
}

/**
 * One `user` or `pass` value. Cheap kinds answer synchronously; argon2 is deliberately slow, so it is
 * a separate kind that evaluate.ts runs only after every cheap check of the entry has passed.
 * `matches` takes the request's Guess (digests shared between entries); `check` a bare string.
 */
export type CredentialCheck =
  | { kind: 'empty' | 'plain' | 'sha256'; check(guess: string): boolean; matches(guess: Guess): boolean }
  | { kind: 'argon2'; check(guess: string): Promise<boolean>; matches(guess: Guess): Promise<boolean> };

export interface InternalUser {
  index: number;
  /** Display form of `user` (never a secret). */
  user: string;
  /** `user: any`: the credentials are not looked at. */
  any: boolean;
  /** Empty = any client IP. */
  ips: readonly IpNetwork[];
  permissions: readonly CompiledPermission[];
  userCredential: CredentialCheck;
  passCredential: CredentialCheck;
}

export interface ParsedInternalUsers {
  users: InternalUser[];
  /** Human-readable, each naming the entry index and field; never contains a password or hash. */
  problems: string[];
}
