/** Helpers for the access-request tests: a form post as Caddy forwards it, and a fake AccountCreator. */
import type { AccountCreator, NewAccount, OnboardResult } from '../../server/onboarding/types.ts';
import { PROXY_SECRET } from './stack.ts';

export const PUBLIC_HOST = 'stream.example.org';
let nextAddress = 0;

/** POST /request-access from a browser on https://stream.example.org, through the proxy, from its own address unless `ip` is given. */
export function postRequestForm(overlayUrl: string, form: Record<string, string>, options: { ip?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${overlayUrl}/request-access`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Origin: `https://${PUBLIC_HOST}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Overlay-Proxy-Secret': PROXY_SECRET,
      'X-Forwarded-For': options.ip ?? `198.51.100.${++nextAddress}`,
      'X-Forwarded-Host': PUBLIC_HOST,
      'X-Forwarded-Proto': 'https',
      ...options.headers,
    },
    body: new URLSearchParams(form),
  });
}

export function goodForm(username: string, extra: Record<string, string> = {}): Record<string, string> {
  return { name: `Person ${username}`, email: `${username}@new.example.org`, username, reason: 'I watch the drone feeds.', agency: '', website: '', ...extra };
}

export interface FakeCreator extends AccountCreator {
  calls: Array<{ account: NewAccount; actingAdmin: string; origin: string }>;
  /** How many of the next calls throw after "creating half the account". */
  failNext: number;
  /** While set, createAccount waits for it (to hold an approval in flight). */
  gate: Promise<void> | null;
  /** What worstCaseMs answers: the approval's lease is this plus a margin. */
  worstCase: number;
}

/** Creates nothing; answers like the LDAP creator: a set-password link, shown once. */
export function fakeCreator(): FakeCreator {
  const made = new Set<string>();
  const creator: FakeCreator = {
    kind: 'ldap',
    calls: [],
    failNext: 0,
    gate: null,
    worstCase: 0,
    worstCaseMs: () => creator.worstCase,
    async createAccount(account, actingAdmin, origin): Promise<OnboardResult> {
      creator.calls.push({ account, actingAdmin, origin });
      if (creator.gate) await creator.gate;
      const existed = made.has(account.username);
      made.add(account.username);
      if (creator.failNext > 0) {
        creator.failNext--;
        throw new Error('directory write failed half-way');
      }
      const url = `${origin}/set-password?t=secret-${account.username}`;
      return { created: !existed, passwordSetup: { kind: 'link', url, expiresAt: '2030-01-02T00:00:00.000Z', emailed: false } };
    },
  };
  return creator;
}
