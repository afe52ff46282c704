import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type EditorRole = 'admin' | 'viewer';
export type EditorSession = { logged_in: true; username: string; role: EditorRole };

export const SESSION_COOKIE = 'session';

const b64url = (buf: Buffer) => buf.toString('base64url');

/**
 * Flask's session cookie, itsdangerous-style: `base64url(JSON).base64url(timestamp).signature`,
 * HMAC-SHA1 under a secret that is random per start (the editor's `secrets.token_hex(32)`).
 * Readable by anyone, forgeable by nobody without the secret.
 */
export function createSessionSigner() {
  let secret = randomBytes(32);

  const signatureOf = (signed: string) => createHmac('sha1', secret).update(signed).digest();

  return {
    sign(session: EditorSession): string {
      // Flask serialises the session compactly with sorted keys.
      const json = JSON.stringify({ logged_in: session.logged_in, role: session.role, username: session.username });
      const stamp = Buffer.alloc(4);
      stamp.writeUInt32BE(Math.floor(Date.now() / 1000));
      const signed = `${b64url(Buffer.from(json))}.${b64url(stamp)}`;
      return `${signed}.${b64url(signatureOf(signed))}`;
    },

    /** The session a cookie value carries, or null (absent, tampered, or from an older secret). */
    read(value: string | undefined): EditorSession | null {
      const parts = value?.split('.');
      if (!parts || parts.length !== 3) return null;
      const given = Buffer.from(parts[2]!, 'base64url');
      const expected = signatureOf(`${parts[0]}.${parts[1]}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const data = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Partial<EditorSession>;
        if (data.logged_in !== true || typeof data.username !== 'string') return null;
        if (data.role !== 'admin' && data.role !== 'viewer') return null;
        return { logged_in: true, username: data.username, role: data.role };
      } catch {
        return null;
      }
    },

    /** A restart of the editor: every cookie signed so far stops working. */
    rotate(): void {
      secret = randomBytes(32);
    },
  };
}

export type SessionSigner = ReturnType<typeof createSessionSigner>;

/** The `session` value from a Cookie request header (first occurrence, as Werkzeug does). */
export function sessionCookieFrom(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export const setSessionCookie = (value: string) => `${SESSION_COOKIE}=${value}; HttpOnly; Path=/`;
export const clearSessionCookie = () => `${SESSION_COOKIE}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/`;
