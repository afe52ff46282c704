import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { renderPage } from './page.ts';

export interface ErrorDetails {
  title: string;
  message: string;
  /** Links offered on the HTML page, e.g. request access or sign out. */
  links?: Array<{ href: string; text: string }>;
  /** What goes to the log but never to the client. */
  log?: string;
  retryAfterSeconds?: number;
  /** The input field at fault (API validation errors). */
  field?: string;
  /** Extra JSON for API callers, e.g. the current state after a refused stale write. */
  body?: Record<string, unknown>;
}

/** Every error the overlay answers with; rendered in one place (renderError) as HTML or JSON. */
export class OverlayError extends HTTPException {
  details: ErrorDetails;
  constructor(status: ContentfulStatusCode, details: ErrorDetails) {
    super(status, { message: details.message });
    this.details = details;
  }
}

/** API callers get JSON; people get a page. */
export function wantsJson(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith('/api/') || path.startsWith('/_overlay/api/') || path.startsWith('/auth/')) return true;
  const accept = c.req.header('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function createErrorRenderer(log: Logger) {
  return function renderError(error: Error, c: Context): Response | Promise<Response> {
    const details: ErrorDetails =
      error instanceof OverlayError
        ? error.details
        : error instanceof HTTPException
          ? { title: 'Request refused', message: error.message || 'The request was refused.' }
          : { title: 'Something went wrong', message: 'The overlay hit an unexpected error. It has been logged.' };
    const status = error instanceof HTTPException ? error.status : 500;
    const entry = { status, method: c.req.method, path: c.req.path, reason: details.log ?? details.message };
    if (status >= 500) log.error(error instanceof HTTPException ? entry : { ...entry, err: error }, details.title);
    else log.info(entry, details.title);
    if (details.retryAfterSeconds) c.header('Retry-After', String(details.retryAfterSeconds));
    c.header('Cache-Control', 'no-store');
    if (wantsJson(c)) {
      const json = { error: details.message, title: details.title, ...(details.field && { field: details.field }), ...details.body };
      return c.json(json, status as ContentfulStatusCode);
    }
    return c.html(renderPage(details.title, details.message, details.links ?? []), status as ContentfulStatusCode);
  };
}

/** The directory could not be asked: closed, never open, and never a fall-back to the vanilla editor. */
export function directoryDown(error: Error): OverlayError {
  return new OverlayError(503, {
    title: 'Directory unavailable',
    message: 'The user directory cannot be reached right now, so access is closed until it is back. Try again in a minute.',
    log: error.message,
    retryAfterSeconds: 30,
  });
}
