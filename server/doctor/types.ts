import type { Client } from 'ldapts';
import type { Config } from '../config/index.ts';
import type { Store } from '../store/index.ts';
import type { UpstreamRole } from '../upstream/sessions.ts';
import type { AuthentikClient } from '../users/authentik/client.ts';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  status: CheckStatus;
  /** What was found, one line: never a password or a secret. */
  detail: string;
  /** What to do about a failure (or how to turn a skipped check on). */
  fix?: string;
}

export interface CheckOutcome extends CheckResult {
  id: string;
  title: string;
}

/**
 * The connections a run shares, each opened on first use and closed by `close()`: checks of one
 * dependency (four LDAP checks) reuse one login instead of each making their own.
 */
export interface DoctorContext {
  config: Readonly<Config>;
  /** The port this overlay listens on: where MediaMTX must send its auth calls. */
  overlayPort: number;
  /** The `session=` cookie of a fresh editor login for the role; rejects with the editor's refusal. */
  editorCookie(role: UpstreamRole): Promise<string>;
  /** MediaMTX's `GET /v3/config/global/get` answer. */
  mediamtxGlobalConfig(): Promise<Record<string, unknown>>;
  /** A connection bound as LDAP_BIND_DN (LDAP_URL must be set). */
  ldap(): Promise<Client>;
  /** The Authentik API client (AUTHENTIK_URL and AUTHENTIK_TOKEN must be set). */
  authentik(): AuthentikClient;
  store(): Promise<Store>;
  close(): Promise<void>;
}

/** What one check's run gets: the shared context plus its own deadline. */
export interface CheckContext extends DoctorContext {
  signal: AbortSignal;
}

export interface Check {
  id: string;
  title: string;
  /** Another check (earlier in the list) that must pass first; else this one is skipped, naming it. */
  requires?: string;
  /** Why the check does not apply to this configuration (vanilla mode, no LDAP, ...); null when it does. */
  skipWhen?(config: Readonly<Config>): string | null;
  /** The fix shown when run throws or runs out of time. */
  fix: string;
  run(ctx: CheckContext): Promise<CheckResult>;
}
