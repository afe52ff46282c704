import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { OverlayEnv } from '../http/env.ts';
import type { AuthDecision } from './authenticate.ts';
import type { DecisionLog } from './decision-log.ts';
import type { AuthService } from './index.ts';
import type { AuthMetrics } from './metrics.ts';
import { AuthRequestError, parseAuthRequest, type MediamtxAuthRequest } from './request.ts';

/** MediaMTX's bodies are a few hundred bytes; this leaves room for long queries and user agents. */
const MAX_BODY = 32 * 1024;

export const AUTH_ENDPOINT_PATH = '/auth/mediamtx';

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
 * body), 401 denies. MediaMTX waits for this inside its single path-manager loop, so it is
 * served on plain node:http, in front of Hono: turning every call into web Request/Response
 * objects and web streams cost more than the decision itself (see bench/RESULTS.md).
 */
export function mediamtxAuthHandler(deps: AuthEndpointDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const now = deps.now ?? Date.now;
  const { metrics } = deps.auth;

  function answer(res: ServerResponse, status: number, error?: string) {
    if (error === undefined) {
      res.writeHead(status).end();
      return;
    }
    const body = JSON.stringify({ error });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  }

  function refuse(res: ServerResponse, status: 400 | 403 | 413, why: Parameters<AuthMetrics['badRequest']>[0], message: string) {
    metrics.badRequest(why);
    answer(res, status, message);
  }

  function failed(res: ServerResponse, error: Error) {
    deps.log.error({ err: error }, 'auth decision failed');
    if (!res.headersSent) answer(res, 500, 'the decision failed; see the overlay log');
  }

  /** Throws (or rejects) only on a fault of ours; the caller answers 500 then. */
  function decide(res: ServerResponse, text: string, started: number): void | Promise<void> {
    let request: MediamtxAuthRequest;
    try {
      request = parseAuthRequest(JSON.parse(text));
    } catch (error) {
      refuse(res, 400, 'malformed', error instanceof AuthRequestError ? error.message : 'the body is not valid JSON');
      return;
    }
    // Usually no promise: a decision from memory is answered in the same tick as the request ended.
    const decision = deps.auth.authenticate(request);
    if (decision instanceof Promise) return decision.then((known) => decided(res, request, known, started));
    decided(res, request, decision, started);
  }

  function decided(res: ServerResponse, request: MediamtxAuthRequest, decision: AuthDecision, started: number) {
    metrics.observe(request.action, decision, (performance.now() - started) / 1000);
    deps.auth.decisions.record(request, decision, now());
    deps.onDecision?.(request, decision);
    if (!decision.allow && decision.by !== 'none') {
      deps.log.info(
        { user: decision.user, path: request.path, action: request.action, protocol: request.protocol, reason: decision.reason },
        'MediaMTX access denied',
      );
    }
    answer(res, decision.allow ? 204 : 401);
  }

  return function mediamtxAuth(req, res) {
    const started = performance.now();
    const { callerAllowed } = deps.auth;
    if (callerAllowed && !callerAllowed(req.socket.remoteAddress ?? '')) {
      deps.log.warn({ caller: req.socket.remoteAddress ?? '' }, 'auth request from an address not in AUTH_ALLOWED_IPS');
      refuse(res, 403, 'caller', 'this address may not call the auth endpoint');
      req.resume();
      return;
    }
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      refuse(res, 400, 'content-type', 'Content-Type must be application/json');
      req.resume();
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      refuse(res, 413, 'too-large', `the body is larger than ${MAX_BODY} bytes`);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        if (!res.headersSent) refuse(res, 413, 'too-large', `the body is larger than ${MAX_BODY} bytes`);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      try {
        decide(res, body.toString('utf8'), started)?.catch((error: Error) => failed(res, error));
      } catch (error) {
        failed(res, error as Error);
      }
    });
  };
}

/** GET /metrics: Prometheus scrapes it directly; the public site must answer 404 for it, as for /auth/mediamtx. */
export function metricsRoute(metrics: AuthMetrics): Hono<OverlayEnv> {
  return new Hono<OverlayEnv>().get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));
}

/** GET /_overlay/api/decisions (admins): recent decisions, newest first, optionally for one user or path. */
export function decisionsApi(decisions: DecisionLog): Hono<OverlayEnv> {
  return new Hono<OverlayEnv>().get('/decisions', (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1_000);
    return c.json({ decisions: decisions.list({ limit, user: c.req.query('user'), path: c.req.query('path') }) });
  });
}
