/**
 * What the overlay expects of each answer the double gives: the schemas of server/mediamtx/schemas.ts,
 * with every field they declare required, so a double that drops or renames a field the overlay
 * reads fails its own tests. (Against MediaMTX's OpenAPI spec: test/conformance, opt-in.)
 */
import { z } from 'zod';
import {
  answerProblem,
  errorAnswer,
  globalConfig,
  listPage,
  pathConfItem,
  pathItem,
  SESSION_ITEMS,
  SESSION_KINDS,
  type SessionKind,
} from '../../../server/mediamtx/schemas.ts';

/** PATCH and kick answers; the overlay does not read them (some versions send nothing). */
const okAnswer = z.object({ status: z.literal('ok') });

/** `item` with every field it declares required, each of its own type (a missing one reads "expected string, got nothing"). */
const strict = (item: z.ZodObject) =>
  item.extend(Object.fromEntries(Object.entries(item.shape).map(([key, field]) => [key, field instanceof z.ZodOptional ? field.unwrap() : field])));

const sessionKind = (segment: string | undefined) => SESSION_KINDS.find((kind) => kind === segment) as SessionKind | undefined;

/** The schema an answer to `method urlPath` with `status` must fit, or undefined when the overlay has none for it. */
export function answerSchema(method: string, urlPath: string, status: number): z.ZodType | undefined {
  if (status >= 400) return errorAnswer;
  const [, v3, group, action] = urlPath.split('/');
  if (v3 !== 'v3') return undefined;
  if (method === 'GET' && group === 'paths') return action === 'list' ? listPage(strict(pathItem)) : strict(pathItem);
  if (method === 'GET' && urlPath === '/v3/config/global/get') return strict(globalConfig);
  if (method === 'GET' && group === 'config' && action === 'paths') {
    return urlPath.startsWith('/v3/config/paths/list') ? listPage(strict(pathConfItem)) : strict(pathConfItem);
  }
  const kind = sessionKind(group);
  if (method === 'GET' && kind) return action === 'list' ? listPage(strict(SESSION_ITEMS[kind])) : strict(SESSION_ITEMS[kind]);
  if ((method === 'POST' && kind && action === 'kick') || (method === 'PATCH' && urlPath === '/v3/config/global/patch')) return okAnswer;
  return undefined;
}

/** Problems with one answer of the double (empty: it fits what the overlay expects). */
export function answerProblems(method: string, urlPath: string, status: number, body: unknown): string[] {
  const schema = answerSchema(method, urlPath, status);
  if (!schema) return [`${method} ${urlPath} -> ${status}: the overlay has no schema for this answer`];
  const problem = answerProblem(schema, body);
  return problem ? [`${method} ${urlPath} -> ${status}: ${problem}`] : [];
}
