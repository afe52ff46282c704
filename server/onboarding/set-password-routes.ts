/**
 * `GET /set-password?token=` and `POST /set-password`: public (the reverse proxy lets
 * `/set-password*` through without Authentik), so mounted before identity. The token is the
 * only credential; the pages are never cached, never framed and never leak it as a Referer.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { readForm } from '../http/form.ts';
import { createIpRateLimit } from '../http/ip-rate-limit.ts';
import { ipAllowList } from '../http/ip-allow-list.ts';
import { clientIp } from '../identity/proxy-secret.ts';
import { passwordProblems, type PolicyProblem } from './password-policy.ts';
import { linksNotUsed, passwordSetPage, SET_PASSWORD_PATH, setPasswordForm, unusableLink } from './set-password-page.ts';
import type { SetPasswordService } from './types.ts';

export interface SetPasswordRoutesOptions {
  /** null: this deployment makes no overlay links (Authentik, or a read-only directory). */
  service: SetPasswordService | null;
  proxySecret: string | null;
  /** TRUSTED_PROXIES (see clientIp); none by default. */
  trustedProxies?: readonly string[];
  log: Logger;
  /** Form posts allowed per client address per window; 20 per 15 minutes by default. */
  postsPerIp?: number;
  windowSeconds?: number;
}

const MAX_FORM = 16 * 1024;

export function setPasswordRoutes(options: SetPasswordRoutesOptions): Hono<OverlayEnv> {
  const { service, log } = options;
  const routes = new Hono<OverlayEnv>();
  const trustedProxies = ipAllowList(options.trustedProxies ?? []);
  const limiter = createIpRateLimit({
    keyPrefix: 'set-password',
    points: options.postsPerIp ?? 20,
    windowSeconds: options.windowSeconds ?? 15 * 60,
    clientIp: (c) => clientIp(c, options.proxySecret, trustedProxies),
    refusal: (ip, seconds) => {
      log.warn({ ip }, 'set-password form refused: too many posts from this address');
      return new OverlayError(429, {
        title: 'Too many tries',
        message: `Too many password attempts from this address. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
        retryAfterSeconds: seconds,
      });
    },
  });
  const smallForm = bodyLimit({
    maxSize: MAX_FORM,
    onError: () => {
      throw new OverlayError(413, { title: 'Form too large', message: `The set-password form was larger than ${MAX_FORM / 1024} KB.` });
    },
  });

  routes.use(SET_PASSWORD_PATH, async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    await next();
  });

  routes.get(SET_PASSWORD_PATH, async (c) => {
    if (!service) throw linksNotUsed();
    const token = c.req.query('token') ?? '';
    const state = await service.inspect(token);
    if (state.state !== 'valid') throw unusableLink(state);
    return c.html(setPasswordForm({ token, username: state.username }));
  });

  routes.post(SET_PASSWORD_PATH, smallForm, async (c) => {
    if (!service) throw linksNotUsed();
    await limiter.consume(c);
    const form = await readForm(c);
    const text = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
    const [token, password, repeat] = [text('token'), text('password'), text('repeat')];
    const state = await service.inspect(token);
    if (state.state !== 'valid') throw unusableLink(state);
    const again = (problems: readonly PolicyProblem[]) => c.html(setPasswordForm({ token, username: state.username, problems }), 400);
    const problems = passwordProblems(password, repeat, state.username);
    if (problems.length) return again(problems);
    try {
      const { username } = await service.redeem(token, password, repeat);
      return c.html(passwordSetPage(username));
    } catch (error) {
      // The directory's own policy refused it: the person picks another, on the same form.
      const refused = error instanceof OverlayError ? (error.details.body?.problems as PolicyProblem[] | undefined) : undefined;
      if (refused?.length) return again(refused);
      throw error;
    }
  });

  return routes;
}
