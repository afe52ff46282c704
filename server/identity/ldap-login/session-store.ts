import { randomBytes } from 'node:crypto';
import type Keyv from 'keyv';

export interface LoginSession {
  username: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * Server-side sessions: the cookie carries only a signed random id, so signing out (or an admin
 * ending a session) really ends it, which a self-contained cookie could not do.
 */
export function createSessionStore(options: { ttlMs: number; store: Keyv; now?: () => number }) {
  const { store } = options;
  const now = options.now ?? Date.now;
  return {
    async create(username: string): Promise<{ id: string; session: LoginSession }> {
      const id = randomBytes(32).toString('base64url');
      const session = { username, createdAt: now(), expiresAt: now() + options.ttlMs };
      await store.set(id, session, options.ttlMs);
      return { id, session };
    },
    async get(id: string): Promise<LoginSession | null> {
      const session = (await store.get(id)) as LoginSession | undefined;
      return session && session.expiresAt > now() ? session : null;
    },
    async destroy(id: string): Promise<void> {
      await store.delete(id);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
