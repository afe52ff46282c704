/**
 * One-time set-password links for accounts the overlay created in LDAP. The token (32 random
 * bytes, base64url) is only ever in the link; the store keeps its SHA-256, so a copy of the store
 * sets no password. All links live in one store document changed by compare-and-set, so two
 * instances (or two tabs) cannot both use one link, and issuing a new link for a person retires
 * the old one in the same step.
 */
import { createHash, randomBytes } from 'node:crypto';
import { OverlayError } from '../http/errors.ts';
import type { DocumentStore } from '../store/index.ts';
import type { LinkState } from './types.ts';

export const LINK_TTL_MS = 24 * 3_600_000;
const DOCUMENT = 'set-password-links';
/** Spent and expired links are remembered this long, so their page says what happened rather than "unknown". */
const REMEMBER_MS = 7 * 24 * 3_600_000;
const MAX_ATTEMPTS = 10;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

interface LinkRecord {
  username: string;
  issuedBy: string;
  expiresAt: number;
  usedAt?: number;
  replacedAt?: number;
}
/** Keyed by the SHA-256 (hex) of the token. */
type LinkTable = Record<string, LinkRecord>;

export interface PasswordLinks {
  /** A new link for `username`, issued by `issuedBy` (the approving admin); the person's older links stop working. */
  issue(username: string, issuedBy: string): Promise<{ token: string; expiresAt: number }>;
  inspect(token: string): Promise<LinkState>;
  /** Marks a valid link used and answers the state it had: only a caller that got `valid` may go on. */
  claim(token: string): Promise<LinkState>;
  /** Gives a claimed link back when setting the password failed for a reason that is not the person's. */
  release(token: string): Promise<void>;
}

export function createPasswordLinks(options: { documents: DocumentStore; ttlMs?: number; now?: () => number }): PasswordLinks {
  const { documents } = options;
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? LINK_TTL_MS;

  async function change<T>(edit: (table: LinkTable, at: number) => T): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await documents.read<LinkTable>(DOCUMENT);
      const at = now();
      const table = withoutStale(doc?.data ?? {}, at);
      const result = edit(table, at);
      if ((await documents.write(DOCUMENT, doc?.version ?? 0, table)).ok) return result;
    }
    throw new OverlayError(503, {
      title: 'Busy',
      message: 'Set-password links are being changed by many requests at once. Try again in a moment.',
      retryAfterSeconds: 5,
    });
  }

  return {
    issue(username, issuedBy) {
      const token = randomBytes(32).toString('base64url');
      return change((table, at) => {
        for (const record of Object.values(table)) {
          if (record.username === username && !record.usedAt && !record.replacedAt) record.replacedAt = at;
        }
        const expiresAt = at + ttlMs;
        table[digest(token)] = { username, issuedBy, expiresAt };
        return { token, expiresAt };
      });
    },
    async inspect(token) {
      if (!TOKEN.test(token)) return { state: 'unknown' };
      const doc = await documents.read<LinkTable>(DOCUMENT);
      return stateOf(doc?.data[digest(token)], now());
    },
    async claim(token) {
      if (!TOKEN.test(token)) return { state: 'unknown' };
      return change((table, at) => {
        const record = table[digest(token)];
        const state = stateOf(record, at);
        if (state.state === 'valid') record!.usedAt = at;
        return state;
      });
    },
    async release(token) {
      if (!TOKEN.test(token)) return;
      await change((table) => {
        const record = table[digest(token)];
        if (record) delete record.usedAt;
      });
    },
  };
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function stateOf(record: LinkRecord | undefined, at: number): LinkState {
  if (!record) return { state: 'unknown' };
  const { username, issuedBy } = record;
  if (record.usedAt) return { state: 'used', username, issuedBy };
  if (record.replacedAt) return { state: 'replaced', username, issuedBy };
  if (record.expiresAt <= at) return { state: 'expired', username, issuedBy };
  return { state: 'valid', username, issuedBy, expiresAt: record.expiresAt };
}

function withoutStale(table: LinkTable, at: number): LinkTable {
  return Object.fromEntries(Object.entries(table).filter(([, record]) => record.expiresAt + REMEMBER_MS > at));
}
