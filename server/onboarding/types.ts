/**
 * Onboarding: an approved access request becomes a directory account plus a way to set its
 * first password. The first four types are the contract the access-requests module codes against.
 */

import type { PasswordSetup } from '../contract.ts';

export interface NewAccount {
  username: string;
  name: string;
  email: string;
  groups: string[]; /* vid_* only */
}
// A link is shown once to the admin when not emailed; `emailed`: Authentik sent its recovery email.
export type { PasswordSetup };
export interface OnboardResult {
  created: boolean /* false: account already existed (a retried approve) */;
  passwordSetup: PasswordSetup;
}
export interface AccountCreator {
  kind: 'authentik' | 'ldap';
  /** Idempotent: a retry after a half-way failure creates no duplicates and finishes the rest. */
  createAccount(account: NewAccount, actingAdmin: string, origin: string /* e.g. https://stream.example.org, for links */): Promise<OnboardResult>;
  /** The longest one createAccount with this many groups can run: every call it makes hitting its timeout. An approval's lease covers it. */
  worstCaseMs(groupCount: number): number;
}

/** What a set-password link is now; only `valid` may set a password. */
export type LinkState =
  | { state: 'valid'; username: string; issuedBy: string; expiresAt: number }
  | { state: 'expired' | 'used' | 'replaced'; username: string; issuedBy: string }
  | { state: 'unknown' };

/** The overlay's own set-password links (LDAP); Authentik sends people through its recovery flow instead. */
export interface SetPasswordService {
  inspect(token: string): Promise<LinkState>;
  /** Checks the password policy, uses the link up and sets the password; throws OverlayError naming what failed. */
  redeem(token: string, password: string, repeat: string): Promise<{ username: string }>;
}
