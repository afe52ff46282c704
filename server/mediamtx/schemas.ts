/**
 * The MediaMTX control API (v3) answers the overlay reads, as it reads them: every field named here
 * is one some code of ours looks at, with the type it relies on. MediaMTX adds fields between
 * versions, so unknown ones pass; a field we read that comes with another type is an error naming
 * it (answerProblem). The API double is held to these too, and test/conformance compares them with
 * MediaMTX's OpenAPI spec when MEDIAMTX_OPENAPI names one.
 *
 * Fields some versions or kinds lack are optional (the client reads them as ''); `id` and `name` are
 * what a list item is, so they are required.
 */
import { z } from 'zod';

/** `{status: 'error', error}`: what MediaMTX answers with a 4xx/5xx (gin's own 404 is plain text). */
export const errorAnswer = z.object({ status: z.literal('error'), error: z.string() });

/** `/v3/paths/list` items (the spec's Path). */
export const pathItem = z.object({ name: z.string() });

/** `/v3/config/paths/list` items (PathConf). */
export const pathConfItem = z.object({ name: z.string() });

const sessionFields = {
  id: z.string(),
  path: z.string().optional(),
  user: z.string().optional(),
  /** idle | read | publish; a value we do not know reads as "no state" rather than failing the list. */
  state: z.string().optional(),
  /** host:port, IPv6 in brackets. */
  remoteAddr: z.string().optional(),
};
const { state: _noState, ...hlsFields } = sessionFields;
const { user: _noUser, ...moqFields } = sessionFields;

/**
 * The session lists that carry readers, each with `list` and `kick/{id}`, and the fields their items
 * have: HLS sessions have no state (they only read), MoQ sessions no user. rtmpsconns and moqsessions
 * are there too: a viewer on RTMPS or MoQ must not escape revocation.
 */
export const SESSION_ITEMS = {
  hlssessions: z.object(hlsFields),
  rtspsessions: z.object(sessionFields),
  rtspssessions: z.object(sessionFields),
  webrtcsessions: z.object(sessionFields),
  rtmpconns: z.object(sessionFields),
  rtmpsconns: z.object(sessionFields),
  srtconns: z.object(sessionFields),
  moqsessions: z.object(moqFields),
};
export type SessionKind = keyof typeof SESSION_ITEMS;
export const SESSION_KINDS = Object.keys(SESSION_ITEMS) as SessionKind[];
/** What any kind's item may carry (HLS and MoQ items carry less). */
export type SessionItem = z.infer<typeof SESSION_ITEMS.rtspsessions>;

/** Every `/v3/…/list` answer, one page of it. */
export const listPage = <T extends z.ZodType>(item: T) => z.object({ itemCount: z.number().int(), pageCount: z.number().int(), items: z.array(item) });

const permissions = z.array(z.looseObject({ action: z.string(), path: z.string().optional() }));
const addresses = z.array(z.string());

/**
 * `/v3/config/global/get`: the keys the auth section writes (settings.ts), the servers whose auth it
 * skips (api, metrics, pprof) and the ones a reverse proxy fronts (hls, webrtc, playback). Kept
 * whole: settings-apply backs up whatever it replaces.
 */
export const globalConfig = z.looseObject({
  authMethod: z.string().optional(),
  authHTTPAddress: z.string().optional(),
  authHTTPExclude: permissions.optional(),
  authJWTJWKS: z.string().optional(),
  authJWTClaimKey: z.string().optional(),
  authJWTIssuer: z.string().optional(),
  authJWTAudience: z.string().optional(),
  authJWTExclude: permissions.optional(),
  api: z.boolean().optional(),
  apiAddress: z.string().optional(),
  metrics: z.boolean().optional(),
  metricsAddress: z.string().optional(),
  pprof: z.boolean().optional(),
  pprofAddress: z.string().optional(),
  hls: z.boolean().optional(),
  hlsTrustedProxies: addresses.optional(),
  webrtc: z.boolean().optional(),
  webrtcTrustedProxies: addresses.optional(),
  playback: z.boolean().optional(),
  playbackTrustedProxies: addresses.optional(),
});

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : value === undefined ? 'nothing' : typeof value);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** `items[3].path` */
const pathText = (path: readonly PropertyKey[]) =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('') || '(the answer)';

/** What does not fit, naming each field: `items[3].path: expected string, got null`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], answer: unknown): string {
  const lines = issues.map((issue) => {
    const what = issue.code === 'invalid_type' ? `expected ${issue.expected}, got ${kindOf(valueAt(answer, issue.path))}` : issue.message;
    return `${pathText(issue.path)}: ${what}`;
  });
  return lines.length > 3 ? `${lines.slice(0, 3).join('; ')} (and ${lines.length - 3} more)` : lines.join('; ');
}

/** Null when `answer` fits `schema`, else what does not. */
export function answerProblem(schema: z.ZodType, answer: unknown): string | null {
  const result = schema.safeParse(answer);
  return result.success ? null : describeIssues(result.error.issues, answer);
}
