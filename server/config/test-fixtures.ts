/** Environments shared by unit tests that need a valid config. */

/** The least a directory-mode config through Authentik needs (no LDAP, nothing contacted). */
export const AUTHENTIK_DIRECTORY_ENV: Readonly<Record<string, string>> = Object.freeze({
  AUTHENTIK_URL: 'http://127.0.0.1:9000',
  EDITOR_ADMIN_USER: 'a',
  EDITOR_ADMIN_PASSWORD: 'ap',
  EDITOR_VIEWER_USER: 'v',
  EDITOR_VIEWER_PASSWORD: 'vp',
  PROXY_SECRET: 'x'.repeat(32),
});
