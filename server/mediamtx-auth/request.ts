/** MediaMTX's auth callback body, read tolerantly: every key may be missing, unknown keys are ignored. */
export interface MediamtxAuthRequest {
  ip: string;
  user: string;
  password: string;
  /** Bearer value, else the password, else (RTSP/RTMP) `?token=`/`?jwt=` — as MediaMTX fills it. */
  token: string;
  action: string;
  path: string;
  protocol: string;
  /** Session UUID, or null (API, metrics, first requests of some protocols). */
  id: string | null;
  /** Raw query string without `?`; with the http method an HLS/WebRTC `?token=` arrives only here. */
  query: string;
  userAgent: string;
}

export class AuthRequestError extends Error {
  override name = 'AuthRequestError';
}

/** MediaMTX never sends values this long; anything larger is not worth parsing. */
const MAX_FIELD = 8 * 1024;

function text(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' && value.length <= MAX_FIELD) return value;
  throw new AuthRequestError(`"${field}" must be a string`);
}

export function parseAuthRequest(body: unknown): MediamtxAuthRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AuthRequestError('the body must be a JSON object');
  const input = body as Record<string, unknown>;
  // Each key by name, not in a loop over key names: MediaMTX's bodies all share one shape, so
  // these reads stay monomorphic on the auth endpoint's hot path.
  const request: MediamtxAuthRequest = {
    ip: text(input.ip, 'ip'),
    user: text(input.user, 'user'),
    password: text(input.password, 'password'),
    token: text(input.token, 'token'),
    action: text(input.action, 'action'),
    path: text(input.path, 'path'),
    protocol: text(input.protocol, 'protocol'),
    query: text(input.query, 'query'),
    userAgent: text(input.userAgent, 'userAgent'),
    id: null,
  };
  const id = input.id;
  if (typeof id === 'string') request.id = id === '' ? null : id;
  else if (id !== undefined && id !== null) throw new AuthRequestError('"id" must be a string or null');
  return request;
}

/** Our playback tokens are JWTs: three base64url parts. */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Where a playback token may sit: the `token` field (Bearer, or the password), the password
 * (Basic with the user's name), or `token=` in the query (HLS/WebRTC links).
 */
export function tokenCandidates(request: MediamtxAuthRequest): string[] {
  const fromQuery = request.query ? new URLSearchParams(request.query).get('token') : null;
  const found: string[] = [];
  // Usually the token and the password are the same string: test its shape once.
  for (const candidate of [request.token, request.password, fromQuery]) {
    if (candidate && !found.includes(candidate) && JWT_SHAPE.test(candidate)) found.push(candidate);
  }
  return found;
}
