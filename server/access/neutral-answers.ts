/**
 * The editor's page script is the same for viewers and admins: on load a viewer's page also asks
 * for the admin settings behind the Users & Auth, Protocols and Test Streams tabs, which its page
 * does not have. The editor would answer them (mediamtx users with their passwords, passphrases);
 * the overlay answers viewers itself, never asking the editor, with a body of the editor's shape
 * that says nothing: nothing enabled, no passphrase, no users. The page's script reads these
 * fields only to fill controls the viewer page does not have. Admins get the editor's answers.
 */
import type { MiddlewareHandler } from 'hono';
import type { OverlayEnv } from '../http/env.ts';

/** Path → the neutral answer, shaped like the editor 2.0.8's own. */
export const NEUTRAL_ANSWERS: ReadonlyMap<string, object> = new Map<string, object>([
  ['/api/public-access/status', { enabled: false }],
  ['/api/teststream-viewer/status', { enabled: false }],
  ['/api/srt-passphrase/status', { enabled: false, publishPassphrase: '', readPassphrase: '' }],
  ['/api/protocols/status', { rtsp: false, rtmp: false, hls: false, webrtc: false, srt: false }],
  ['/api/mediamtx/users', { users: [] }],
]);

/**
 * The directory's lists the editor's admin page loads on start from routes the directory manages
 * (404 otherwise): its script sorts `data.users` without a check, so an empty list of the editor's
 * shape keeps the page free of errors, and says nothing.
 */
export const EMPTY_DIRECTORY_MANAGED_LISTS: ReadonlyMap<string, object> = new Map<string, object>([['/api/webeditor/users', { users: [] }]]);

/**
 * Keyed on the decoded path the route table decided on (not on Hono's routing), so no spelling of
 * these paths can carry a viewer past it to the editor. HEAD arrives here as GET (see app.ts).
 */
export function neutralAnswersForViewers(): MiddlewareHandler<OverlayEnv> {
  return async function answerViewersNeutrally(c, next) {
    const body = c.req.method === 'GET' ? NEUTRAL_ANSWERS.get(c.get('path')) : undefined;
    if (!body || c.get('user').role === 'admin') return next();
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  };
}
