import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { rewriteLocation, withoutHopByHop } from './headers.ts';

export interface RelayOptions {
  editorOrigin: string;
  /** Directory mode: the editor's session cookie is the overlay's, never the browser's. */
  dropSetCookie: boolean;
}

/** Rewrites a response body the overlay must change (filtered lists, injected markup). */
export interface ResponseTransform {
  /** Decides from the editor's status and headers whether this response is rewritten. */
  applies(proxyRes: IncomingMessage): boolean;
  /** The new body. Throwing fails the request (502): the original is never passed on instead. */
  rewrite(body: Buffer): Promise<Buffer> | Buffer;
}

/** The end-to-end headers the client gets: hop-by-hop removed, Location kept on our host. */
export function clientHeaders(proxyRes: IncomingMessage, options: RelayOptions): OutgoingHttpHeaders {
  const headers = withoutHopByHop(proxyRes.headers);
  if (options.dropSetCookie) delete headers['set-cookie'];
  if (typeof headers.location === 'string') headers.location = rewriteLocation(headers.location, options.editorOrigin);
  return headers;
}

/** Writes the editor's answer to the client: status, end-to-end headers, then the body as it streams in. */
export function relayResponse(proxyRes: IncomingMessage, res: ServerResponse, options: RelayOptions): void {
  const headers = clientHeaders(proxyRes, options);
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, headers);
  // Server-Sent Events must reach the browser as they are written, not when a buffer fills.
  if (String(headers['content-type'] ?? '').startsWith('text/event-stream')) res.flushHeaders();
  proxyRes.pipe(res);
}

/** Reads the whole body, lets `transform` rewrite it, and sends it with headers that match the new body. */
export async function relayRewritten(proxyRes: IncomingMessage, res: ServerResponse, transform: ResponseTransform, options: RelayOptions): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of proxyRes) chunks.push(chunk as Buffer);
  const body = await transform.rewrite(await decodeBody(Buffer.concat(chunks), proxyRes.headers['content-encoding']));
  const headers = rewrittenHeaders(clientHeaders(proxyRes, options), body.length);
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, headers);
  res.end(body);
}

/** The body changed: its length is new, it is sent uncompressed, and the editor's validators no longer describe it. */
export function rewrittenHeaders(headers: OutgoingHttpHeaders, length: number): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ...headers, 'content-length': length };
  for (const stale of ['content-encoding', 'etag', 'content-md5', 'last-modified']) delete out[stale];
  return out;
}

const DECODERS: Record<string, (data: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

export async function decodeBody(data: Buffer, encoding: string | undefined): Promise<Buffer> {
  let decoded = data;
  // Content-Encoding lists codings in the order applied; undo them in reverse.
  const codings = (encoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  for (const coding of codings.reverse()) {
    const decoder = DECODERS[coding];
    if (!decoder) throw new Error(`cannot rewrite a body with Content-Encoding ${coding}`);
    decoded = await decoder(decoded);
  }
  return decoded;
}
