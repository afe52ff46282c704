/** STORE_URL parsing: which backend, and a printable form with no secret in it. */

export type StoreTarget = { kind: 'sqlite' } | { kind: 'redis'; url: string; description: string };

export function parseStoreUrl(raw: string | null | undefined): StoreTarget {
  const text = raw?.trim() ?? '';
  if (text === '') return { kind: 'sqlite' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not echoed: an unparsable URL may still carry a password.
    throw new Error('STORE_URL is not a valid URL; use redis://[user:password@]host:port[/db], rediss://..., or leave it empty for the embedded SQLite store');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`STORE_URL must start with redis:// or rediss:// (or be empty for the embedded SQLite store), got ${redactUrl(url)}`);
  }
  return { kind: 'redis', url: text, description: redactUrl(url) };
}

/** Keeps scheme, user, host, port and db; the password becomes *** and the query is dropped. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  copy.search = '';
  copy.hash = '';
  return copy.href;
}
