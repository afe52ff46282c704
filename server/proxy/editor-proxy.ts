import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { isIdentityHeader, isLoginRedirect } from './headers.ts';
import { relayResponse, relayRewritten, type ResponseTransform } from './relay.ts';

/** What one trip to the editor came to. */
export type ProxyOutcome =
  /** What the editor answered: its status, and where a redirect pointed (as the editor wrote it). */
  | { kind: 'relayed'; status: number; location?: string }
  /** The editor answered with a redirect to /login: the upstream session is gone. Nothing was sent to the client. */
  | { kind: 'login-expired' }
  | { kind: 'failed'; error: Error };

export interface ProxyTrip {
  /** Directory mode: the role's upstream cookie replaces whatever cookies the browser sent. */
  upstreamCookie: string | null;
  /** A request body read up front so the trip can be repeated; null streams the request as it comes. */
  body: Buffer | null;
  /** Set when the overlay must change what the editor answers (e.g. filter a list). */
  transform?: ResponseTransform;
  /** Sees each chunk of a streamed request body (body null) on its way to the editor (the activity log's upload meter). */
  observe?: (chunk: Buffer) => void;
}

export interface EditorProxy {
  send(req: IncomingMessage, res: ServerResponse, trip: ProxyTrip): Promise<ProxyOutcome>;
}

interface PendingTrip extends ProxyTrip {
  settle(outcome: ProxyOutcome): void;
}

/**
 * The pass-through, built on http-proxy-middleware. We handle the response ourselves
 * (selfHandleResponse) so each step is ours to spell out: strip hop-by-hop fields, keep the
 * browser on our host, never hand the editor's session cookie to a directory user, and notice an
 * expired upstream session before a byte reaches the client.
 */
export function createEditorProxy(options: { editorUrl: string; directoryMode: boolean }): EditorProxy {
  const editorOrigin = new URL(options.editorUrl).origin;
  const trips = new WeakMap<IncomingMessage, PendingTrip>();

  const middleware = createProxyMiddleware<IncomingMessage, ServerResponse>({
    target: options.editorUrl,
    changeOrigin: false,
    xfwd: true,
    selfHandleResponse: true,
    on: {
      proxyReq: (proxyReq, req) => prepareUpstreamRequest(proxyReq, req, trips.get(req)!),
      proxyRes: (proxyRes, req, res) => {
        const trip = trips.get(req)!;
        if (options.directoryMode && isLoginRedirect(proxyRes.statusCode, proxyRes.headers.location, editorOrigin)) {
          proxyRes.resume();
          trip.settle({ kind: 'login-expired' });
          return;
        }
        const relay = { editorOrigin, dropSetCookie: options.directoryMode };
        const relayed: ProxyOutcome = { kind: 'relayed', status: proxyRes.statusCode ?? 502, location: proxyRes.headers.location };
        if (trip.transform?.applies(proxyRes)) {
          relayRewritten(proxyRes, res as ServerResponse, trip.transform, relay).then(
            () => trip.settle(relayed),
            (error: Error) => trip.settle({ kind: 'failed', error }),
          );
          return;
        }
        relayResponse(proxyRes, res as ServerResponse, relay);
        trip.settle(relayed);
      },
      error: (error, req) => trips.get(req as IncomingMessage)?.settle({ kind: 'failed', error }),
    },
  });

  function prepareUpstreamRequest(proxyReq: ClientRequest, req: IncomingMessage, trip: ProxyTrip): void {
    if (options.directoryMode) {
      for (const name of proxyReq.getHeaderNames()) if (isIdentityHeader(name)) proxyReq.removeHeader(name);
      proxyReq.removeHeader('cookie');
      if (trip.upstreamCookie) proxyReq.setHeader('cookie', trip.upstreamCookie);
    }
    if (trip.body) {
      // The original request stream was read up front; it has ended, so the proxy's own pipe only closes the request.
      proxyReq.removeHeader('transfer-encoding');
      proxyReq.setHeader('content-length', trip.body.length);
      proxyReq.write(trip.body);
    } else if (trip.observe) {
      // Added in the same tick as the proxy's own pipe of the request (httpxy pipes on the socket event that
      // emitted proxyReq), so both see every chunk; a listener added earlier would start the flow too soon.
      req.on('data', trip.observe);
    }
  }

  return {
    send(req, res, trip) {
      return new Promise((resolve) => {
        trips.set(req, { ...trip, settle: resolve });
        void middleware(req, res, (error?: unknown) =>
          resolve({ kind: 'failed', error: error instanceof Error ? error : new Error('request was not proxied') }),
        );
      });
    },
  };
}
