/**
 * MediaMTX's configuration as the editor serves it (GET /get_yaml), read as the overlay's admin
 * account, for the before/after diff of a change. Best effort: null when it cannot be read, and
 * the change is recorded without a diff. The text is parsed and dropped, never kept or logged.
 */
import type { Logger } from 'pino';
import { isLoginRedirect } from '../proxy/headers.ts';
import type { UpstreamSessions } from '../upstream/sessions.ts';
import { parseConfig } from './config-diff.ts';

const READ_TIMEOUT_MS = 10_000;
/** MediaMTX's own sample file is about 30 KB: anything far larger is not read. */
const MAX_YAML_BYTES = 4 * 1024 * 1024;

export type ConfigReader = () => Promise<unknown>;

export function editorConfigReader(options: { editorUrl: string; sessions: UpstreamSessions; log: Logger }): ConfigReader {
  const { editorUrl, sessions, log } = options;
  const editorOrigin = new URL(editorUrl).origin;

  async function once(cookie: string): Promise<{ expired: true } | { expired: false; text: string | null }> {
    const response = await fetch(`${editorUrl}/get_yaml`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    if (isLoginRedirect(response.status, response.headers.get('location') ?? undefined, editorOrigin)) {
      await response.body?.cancel();
      return { expired: true };
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (response.status !== 200 || length > MAX_YAML_BYTES) {
      await response.body?.cancel();
      log.warn({ status: response.status }, 'activity log: the editor did not give its configuration; the change is recorded without a diff');
      return { expired: false, text: null };
    }
    const text = await response.text();
    return { expired: false, text: text.length > MAX_YAML_BYTES ? null : text };
  }

  return async function readConfig() {
    try {
      let cookie = await sessions.cookieFor('admin');
      let answer = await once(cookie);
      if (answer.expired) {
        cookie = await sessions.renew('admin', cookie);
        answer = await once(cookie);
      }
      if (answer.expired || answer.text === null) return null;
      const parsed = parseConfig(answer.text);
      // The parser's message quotes the line it stopped at, which may hold a password: not logged.
      if (parsed === null) log.warn('activity log: the configuration did not parse as YAML; the change is recorded without a diff');
      return parsed;
    } catch (error) {
      log.warn({ reason: (error as Error).message }, 'activity log: could not read the configuration; the change is recorded without a diff');
      return null;
    }
  };
}
