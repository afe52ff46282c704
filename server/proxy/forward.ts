import type { IncomingMessage } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { OverlayEnv } from '../http/env.ts';
import { OverlayError } from '../http/errors.ts';
import { EditorLoginError, EditorUnreachableError, type UpstreamRole, type UpstreamSessions } from '../upstream/sessions.ts';
import type { EditorProxy } from './editor-proxy.ts';
import type { ResponseTransform } from './relay.ts';

/** Bodies up to this size are read first so the request can be sent again after an editor restart. */
export const REPLAYABLE_BODY_LIMIT = 1024 * 1024;

/**
 * Sends the request to the editor. In directory mode it goes as the role's upstream account; when
 * that session has died (editor restart) the overlay logs in again and repeats the request once.
 */
export async function forwardToEditor(
  c: Context<OverlayEnv>,
  proxy: EditorProxy,
  upstream: { sessions: UpstreamSessions; role: UpstreamRole } | null,
  transform?: ResponseTransform,
): Promise<Response> {
  const { incoming, outgoing } = c.env;
  const body = upstream ? await requestBody(c) : null;
  const replayable = body !== null || !hasBody(incoming);

  for (let attempt = 1; ; attempt++) {
    const upstreamCookie = upstream
      ? await loggedIn(() => (replayable ? upstream.sessions.cookieFor(upstream.role) : upstream.sessions.freshCookieFor(upstream.role)))
      : null;
    const observe = body === null ? c.get('requestTap') : undefined;
    const outcome = await proxy.send(incoming, outgoing, { upstreamCookie, body, transform, observe });
    if (outcome.kind === 'relayed') {
      c.set('editorAnswer', { status: outcome.status, location: outcome.location });
      return RESPONSE_ALREADY_SENT;
    }
    if (outcome.kind === 'failed') {
      if (outgoing.headersSent) {
        outgoing.destroy(outcome.error);
        return RESPONSE_ALREADY_SENT;
      }
      throw editorNotAnswering(outcome.error);
    }
    await loggedIn(() => upstream!.sessions.renew(upstream!.role, upstreamCookie!));
    if (attempt >= 2 || !replayable) {
      throw new OverlayError(503, {
        title: 'The editor restarted',
        message: 'The editor restarted while this request was on its way and it could not be repeated safely. Please send it again.',
        retryAfterSeconds: 1,
      });
    }
  }
}

function editorNotAnswering(error: Error): OverlayError {
  return new OverlayError(502, {
    title: 'The editor is not answering',
    message: 'The MediaMTX editor behind this overlay could not be reached. Try again in a moment; if it persists, check that the editor service is running.',
    log: error.message,
  });
}

/** Failures of the overlay's own login to the editor, as the person in front of the browser should see them. */
async function loggedIn(login: () => Promise<string>): Promise<string> {
  try {
    return await login();
  } catch (error) {
    if (error instanceof EditorUnreachableError) throw editorNotAnswering(error);
    if (error instanceof EditorLoginError) {
      throw new OverlayError(502, {
        title: 'The overlay cannot sign in to the editor',
        message: "The editor refused the overlay's service account. An administrator needs to check the overlay's EDITOR_ADMIN_* and EDITOR_VIEWER_* settings.",
        log: error.message,
      });
    }
    throw error;
  }
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * The request body when it is small enough to hold (and so to repeat, or to inspect before it is
 * sent on); read from the socket once per request. Large or unsized ones (uploads) stay a stream.
 */
export async function requestBody(c: Context<OverlayEnv>): Promise<Buffer | null> {
  let body = c.get('requestBody');
  if (body === undefined) {
    body = await readSmallBody(c.env.incoming);
    c.set('requestBody', body);
  }
  return body;
}

async function readSmallBody(req: IncomingMessage): Promise<Buffer | null> {
  if (!hasBody(req)) return null;
  const length = Number(req.headers['content-length']);
  if (!Number.isFinite(length) || length > REPLAYABLE_BODY_LIMIT || req.headers['transfer-encoding'] !== undefined) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
