import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { OverlayEnv } from '../http/env.ts';
import type { AuthDecision } from './authenticate.ts';
import type { DecisionLog } from './decision-log.ts';
import type { AuthService } from './index.ts';
import type { AuthMetrics } from './metrics.ts';
import { AuthRequestError, parseAuthRequest, type MediamtxAuthRequest } from './request.ts';

/** MediaMTX's bodies are a few hundred bytes; this leaves room for long queries and user agents. */
const MAX_BODY = 32 * 1024;

export interface AuthEndpointDeps {
  /** Its callerAllowed is AUTH_ALLOWED_IPS: who may call the endpoint (MediaMTX's address); null = anyone who can reach it. */
  auth: Pick<AuthService, 'authenticate' | 'decisions' | 'metrics' | 'callerAllowed'>;
  /** Told about every decision (live revocation keeps track of sessions it allowed). */
  onDecision?(request: MediamtxAuthRequest, decision: AuthDecision): void;
  log: Logger;
  now?: () => number;
}

/**
 * POST /auth/mediamtx — MediaMTX's `authHTTPAddress`. Any 2xx allows (we answer 204 with no
 * body), 401 denies. MediaMTX waits for this inside its path-manager loop, so it stays lean.
 */
export function mediamtxAuthEndpoint(deps: AuthEndpointDeps): Hono<OverlayEnv> {
  const now = deps.now ?? Date.now;
  const routes = new Hono<OverlayEnv>();
  const refuse = (status: 400 | 403 | 413, why: Parameters<AuthMetrics['badRequest']>[0], message: string) => {
    deps.auth.metrics.badRequest(why);
    return new Response(JSON.stringify({ error: message }), { status, headers: { 'content-type': 'application/json' } });
  };

  routes.post(
    '/auth/mediamtx',
    async (c, next) => {
      const caller = c.env?.incoming?.socket?.remoteAddress ?? '';
      if (deps.auth.callerAllowed && !deps.auth.callerAllowed(caller)) {
        deps.log.warn({ caller }, 'auth request from an address not in AUTH_ALLOWED_IPS');
        return refuse(403, 'caller', 'this address may not call the auth endpoint');
      }
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
        return refuse(400, 'content-type', 'Content-Type must be application/json');
      }
      await next();
    },
    bodyLimit({ maxSize: MAX_BODY, onError: () => refuse(413, 'too-large', `the body is larger than ${MAX_BODY} bytes`) }),
    async (c) => {
      const started = performance.now();
      let request: MediamtxAuthRequest;
      try {
        request = parseAuthRequest(await c.req.json());
      } catch (error) {
        const message = error instanceof AuthRequestError ? error.message : 'the body is not valid JSON';
        return refuse(400, 'malformed', message);
      }
      const decision = await deps.auth.authenticate(request);
      deps.auth.metrics.observe(request.action, decision, (performance.now() - started) / 1000);
      deps.auth.decisions.record(request, decision, now());
      deps.onDecision?.(request, decision);
      if (!decision.allow && decision.by !== 'none') {
        deps.log.info({ user: decision.user, path: request.path, action: request.action, protocol: request.protocol, reason: decision.reason }, 'MediaMTX access denied');
      }
      return c.body(null, decision.allow ? 204 : 401);
    },
  );

  // Prometheus scrapes this directly; the public site must answer 404 for it, as for /auth/mediamtx.
  routes.get('/metrics', async (c) => {
    const registry = deps.auth.metrics.registry;
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });

  return routes;
}

/** GET /_overlay/api/decisions (admins): recent decisions, newest first, optionally for one user or path. */
export function decisionsApi(decisions: DecisionLog): Hono<OverlayEnv> {
  return new Hono<OverlayEnv>().get('/decisions', (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1_000);
    return c.json({ decisions: decisions.list({ limit, user: c.req.query('user'), path: c.req.query('path') }) });
  });
}
