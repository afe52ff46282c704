import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { OverlayError } from '../http/errors.ts';
import type { RequestAccessMode } from '../contract.ts';
import type { OverlayEnv } from '../http/env.ts';
import { readForm } from '../http/form.ts';
import { createIpRateLimit } from '../http/ip-rate-limit.ts';
import { ipAllowList } from '../http/ip-allow-list.ts';
import { clientIp } from '../identity/proxy-secret.ts';
import { checkRequestForm, type FieldErrors } from './fields.ts';
import type { AdminNotifier } from './notify.ts';
import { requestOrigin } from './origin.ts';
import { HONEYPOT_FIELD, REQUEST_ACCESS_PATH, requestFormPage, thankYouPage } from './pages.ts';
import type { AccessRequestRepository } from './repository.ts';

/** tak-portal: TAK Portal takes requests; overlay: this page does; off: nobody can create accounts here. */
export type { RequestAccessMode };

export interface PublicRoutesDeps {
  mode(): RequestAccessMode;
  takPortalUrl: string | null;
  repo: AccessRequestRepository;
  /** Which of the two the directory already holds; throws when it cannot be asked. */
  takenInDirectory(username: string, email: string): Promise<'username' | 'email' | null>;
  notifier: AdminNotifier | null;
  proxySecret: string | null;
  /** TRUSTED_PROXIES (see clientIp); none by default. */
  trustedProxies?: readonly string[];
  log: Logger;
  /** Form posts per client address; every post counts, good or bad. */
  rateLimit?: { posts: number; windowSeconds: number };
}

/** Each field at its limit, percent-encoded as a browser sends it, fits; nothing much larger does. */
const MAX_BODY = 32 * 1024;
const DEFAULT_RATE_LIMIT = { posts: 10, windowSeconds: 3600 };

const DUPLICATE: Readonly<Record<'directory' | 'pending', Record<'username' | 'email', string>>> = {
  directory: {
    username: 'This username is already taken. If it is yours, sign in instead; otherwise choose another one.',
    email: 'There is already an account with this email address. Sign in with it, or reset its password.',
  },
  pending: {
    username: 'A request for this username is already waiting for an administrator. Choose another one, or wait for the answer.',
    email: 'A request with this email address is already waiting for an administrator. You will hear back by email.',
  },
};

/** GET and POST /request-access: the open form, reached without signing in. */
export function requestAccessRoutes(deps: PublicRoutesDeps): Hono<OverlayEnv> {
  const routes = new Hono<OverlayEnv>();
  const limit = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  const trustedProxies = ipAllowList(deps.trustedProxies ?? []);
  const addressOf = (c: Context<OverlayEnv>) => clientIp(c, deps.proxySecret, trustedProxies);
  const limiter = createIpRateLimit({
    keyPrefix: 'request-access',
    points: limit.posts,
    windowSeconds: limit.windowSeconds,
    clientIp: addressOf,
    refusal: (ip, wait) =>
      new OverlayError(429, {
        title: 'Too many requests',
        message: `Too many access requests came from your address. Try again in ${Math.ceil(wait / 60)} minute(s).`,
        retryAfterSeconds: wait,
        log: `request-access rate limit for ${ip}`,
      }),
  });

  const takenHere: MiddlewareHandler<OverlayEnv> = async (c, next) => {
    const mode = deps.mode();
    // One place to manage people: TAK Portal's own queue. 303 turns a POST into a GET of its page.
    if (mode === 'tak-portal') return c.redirect(`${deps.takPortalUrl}${REQUEST_ACCESS_PATH}`, c.req.method === 'POST' ? 303 : 302);
    if (mode === 'off') {
      throw new OverlayError(404, {
        title: 'Requests are not taken here',
        message: 'This site cannot create accounts itself. Ask your stream administrator for access.',
      });
    }
    await next();
  };

  const throttle: MiddlewareHandler<OverlayEnv> = async (c, next) => {
    await limiter.consume(c);
    await next();
  };

  const smallBody = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw new OverlayError(413, {
        title: 'Request too large',
        message: `The form was larger than ${MAX_BODY / 1024} KB. Shorten the reason and send it again.`,
      });
    },
  });

  routes.get(REQUEST_ACCESS_PATH, takenHere, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(requestFormPage());
  });

  routes.post(REQUEST_ACCESS_PATH, takenHere, throttle, smallBody, async (c) => {
    c.header('Cache-Control', 'no-store');
    const form = await readForm(c);
    const ip = addressOf(c);
    const checked = checkRequestForm(form);
    const bait = form[HONEYPOT_FIELD];
    if (bait !== undefined && bait !== '') {
      // Looks accepted, so the bot learns nothing; nothing is stored and nobody is emailed.
      deps.log.warn({ ip }, 'request-access honeypot filled: answered as accepted, nothing stored');
      return c.html(thankYouPage(checked.values));
    }
    if (!checked.ok) return c.html(requestFormPage({ values: checked.values, errors: checked.errors }), 400);
    const { fields, values } = checked;
    const again = (status: 409 | 503, errors: FieldErrors, general?: string) => c.html(requestFormPage({ values, errors, general }), status);

    let taken: 'username' | 'email' | null;
    try {
      taken = await deps.takenInDirectory(fields.username, fields.email);
    } catch (error) {
      deps.log.error({ reason: (error as Error).message }, 'request-access could not check the directory');
      return again(503, {}, 'The directory cannot be checked right now, so the request was not sent. Please try again in a few minutes.');
    }
    if (taken) return again(409, { [taken]: DUPLICATE.directory[taken] });

    const stored = await deps.repo.submit(fields);
    if (!stored.ok && stored.reason === 'duplicate') return again(409, { [stored.field]: DUPLICATE.pending[stored.field] });
    if (!stored.ok) return again(503, {}, 'Too many requests are waiting for an administrator right now. Please try again later.');

    deps.log.info({ id: stored.request.id, username: fields.username, ip }, 'access request received');
    if (deps.notifier) void deps.notifier.newRequest(stored.request, reviewLink(c, deps.proxySecret));
    return c.html(thankYouPage(values));
  });

  return routes;
}

/** Only an address the proxy vouched for goes into email. */
function reviewLink(c: Context<OverlayEnv>, proxySecret: string | null): string | null {
  const { origin, trusted } = requestOrigin(c, proxySecret);
  return trusted ? `${origin}/` : null;
}
