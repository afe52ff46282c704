/**
 * Records each change a signed-in person sends through the editor: any method but GET, HEAD and
 * OPTIONS on a forwarded route (for a viewer, only share links get that far). Routes that rewrite MediaMTX's YAML get the configuration read before and
 * after (that costs an editor round trip, so only those); an upload is measured as it streams by.
 * Everything else on the proxy path is untouched: the second read and the entry wait until the
 * answer has been sent, so they never delay it (bench/activity.ts measures what is left).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { ActivityDiffLine } from '../contract.ts';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { requestBody } from '../proxy/forward.ts';
import type { ActivityLog } from './activity-log.ts';
import { diffConfig } from './config-diff.ts';
import type { ConfigReader } from './editor-config.ts';
import type { RecordableCheck } from './store-ready.ts';
import { cleanText, editorRoute, editorSummary, fieldReader } from './editor-routes.ts';
import { recordChange } from './record-change.ts';
import { isMultipart, requestFields, uploadMeter, type UploadMeter } from './request-fields.ts';

const UNCHANGING = new Set(['GET', 'HEAD', 'OPTIONS']);
/** How long the recorder waits for the rest of an upload the editor answered early. */
const UPLOAD_END_WAIT_MS = 60_000;
/** How long a YAML change waits for the configuration as it was before; past that it goes on without a diff. */
export const BEFORE_READ_WAIT_MS = 3_000;

export function recordEditorChanges(deps: {
  activity: ActivityLog;
  readConfig: ConfigReader;
  ensureRecordable: RecordableCheck;
  log: Logger;
}): MiddlewareHandler<OverlayEnv> {
  const { activity, readConfig, ensureRecordable, log } = deps;
  // Two YAML changes at once (two admins, one instance) read each other's keys: said in the summary.
  let running = 0;
  let started = 0;

  return async function recordEditorChange(c, next) {
    const method = c.env.incoming.method ?? c.req.method;
    const user = c.get('user');
    const path = c.get('path');
    // Viewers too: the one change they may make is a share link, which opens a stream to anyone with it.
    if (UNCHANGING.has(method) || !user || user.role === 'none' || path.startsWith('/_overlay/')) return next();

    await ensureRecordable();
    const route = editorRoute(path);
    const contentType = c.req.header('content-type');
    // The forward reads a small body anyway (to repeat it after an editor restart): no extra cost.
    const body = await requestBody(c);
    const meter = route?.spec.upload && isMultipart(contentType) ? uploadMeter(c.env.incoming.headers, route.spec.upload) : null;
    if (meter && body) meter.write(body);
    else if (meter) c.set('requestTap', (chunk) => meter.write(chunk));

    const yaml = route?.spec.yaml === true;
    const overlappedAtStart = yaml && running > 0;
    const myStart = yaml ? ++started : 0;
    if (yaml) running += 1;
    let before: unknown = null;
    try {
      if (yaml) before = await readBefore(readConfig, log);
      await next();
    } finally {
      // The change is made once the editor has answered: a save that starts after this does not
      // show in this one's diff, only one that starts before the read below (started, checked there).
      if (yaml) running -= 1;
    }
    const status = editorStatus(c);
    const location = c.get('editorAnswer')?.location;

    // The rest waits until the answer has left (a relayed body may still be streaming, and the
    // overlay's own answers are written after this returns): the admin never waits for the record.
    void answerSent(c.env.outgoing).then(() =>
      recordChange({ activity, log }, { user, method, path }, async () => {
        const after = yaml && status !== null && before !== null ? await readConfig() : null;
        // Checked once the configuration is read again: a change that started while it was being read is in it too.
        const overlapped = overlappedAtStart || (yaml && started !== myStart);
        const ok = status !== null && succeeded(status, location);
        const upload = await measured(meter, c.env.incoming);
        let diff: ActivityDiffLine[] = [];
        let note = '';
        if (yaml) {
          if (before === null || after === null) note = ' (the configuration could not be read: no diff)';
          else {
            const changes = diffConfig(before, after);
            diff = changes.lines;
            note = changes.changed === 0 ? ' (no keys changed)' : ` (${changes.changed} key${changes.changed === 1 ? '' : 's'} changed)`;
          }
          if (overlapped) note += ' (another change was made at the same time: the diff may include it)';
        }
        const field = fieldReader(requestFields(contentType, body));
        const summary = editorSummary(method, path, { field, ok, upload }, route) + note;
        return { kind: 'editor-change', status, ok, summary, diff, upload };
      }),
    );
  };
}

/** Resolves once the answer has been written out (or the connection closed); at once without a Node response (app.request in tests). */
function answerSent(res: ServerResponse | undefined): Promise<void> {
  if (!res || res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once('finish', resolve).once('close', resolve);
  });
}

/**
 * The configuration before a change, if it comes within BEFORE_READ_WAIT_MS: the change waits for
 * it, so a slow editor must not hold it up for long. A read that comes later is dropped (it may
 * already show the change).
 */
async function readBefore(readConfig: ConfigReader, log: Logger): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      log.warn({ waitMs: BEFORE_READ_WAIT_MS }, 'activity log: the configuration was not read in time; the change goes on and is recorded without a diff');
      resolve(null);
    }, BEFORE_READ_WAIT_MS);
  });
  try {
    return await Promise.race([readConfig(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The editor's status; null when no answer came (not reachable, or it restarted and the request could not be repeated). */
function editorStatus(c: Parameters<MiddlewareHandler<OverlayEnv>>[0]): number | null {
  const answer = c.get('editorAnswer');
  if (answer) return answer.status;
  if (c.error instanceof OverlayError && (c.error.status === 502 || c.error.status === 503)) return null;
  // The overlay answered itself (e.g. a share link refused): that status.
  return c.res.status;
}

/**
 * The editor's forms always answer with a redirect to its console, success or not: a failure
 * says so in the redirect (message_type=danger). Its JSON routes answer 4xx or 5xx.
 */
function succeeded(status: number, location: string | undefined): boolean {
  if (status >= 400) return false;
  if (status >= 300 && location && /[?&]message_type=danger(?:&|$)/.test(location)) return false;
  return true;
}

/** The upload's name and size once the whole body has gone by (the editor may answer before it has). */
async function measured(meter: UploadMeter | null, incoming: IncomingMessage): Promise<{ name: string; size: number } | null> {
  if (!meter) return null;
  if (!incoming.complete && !incoming.destroyed) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, UPLOAD_END_WAIT_MS);
      incoming.once('end', done).once('close', done);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
  const file = await meter.finish();
  return file ? { name: cleanText(file.name), size: file.size } : null;
}
