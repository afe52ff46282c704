/**
 * `?user=&kind=&since=&limit=&offset=` of the activity API, checked with zod: an unknown
 * parameter, one given twice, a limit over the maximum, a bad date or kind is a 400 naming it.
 */
import { z } from 'zod';
import type { ActivityKind } from '../contract.ts';
import { firstIssue } from '../http/input-issues.ts';
import { badInput } from '../http/json-body.ts';
import type { ActivityQuery } from './activity-log.ts';

// Keyed by the contract's ActivityKind (like the panel's labels): a kind added there cannot be left out of the filter.
const KINDS: Record<ActivityKind, true> = {
  'editor-change': true,
  'rule-change': true,
  'access-decision': true,
  'group-change': true,
  'mediamtx-settings': true,
  'directory-setup': true,
};
const ACTIVITY_KINDS = Object.keys(KINDS) as [ActivityKind, ...ActivityKind[]];
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;
/** The CSV export's own ceiling: a whole retention period of a busy site in one file. */
const MAX_EXPORT = 10_000;
const MAX_OFFSET = 1_000_000;

function wholeNumber(fallback: number, min: number, max: number) {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, rule)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, rule)
    .default(fallback);
}

const SINCE_RULE = 'must be an ISO 8601 date-time with its offset, e.g. 2026-01-31T00:00:00Z, or a date, e.g. 2026-01-31';

function schema(maxLimit: number, defaultLimit: number) {
  return z.strictObject(
    {
      user: z.string().min(1, 'must name a person').max(200, 'at most 200 characters').optional(),
      kind: z.enum(ACTIVITY_KINDS, { error: `must be one of ${ACTIVITY_KINDS.join(', ')}` }).optional(),
      since: z
        .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: SINCE_RULE })
        .transform((text) => Date.parse(text))
        .refine((ms) => Number.isFinite(ms) && ms >= 0, SINCE_RULE)
        .optional(),
      limit: wholeNumber(defaultLimit, 1, maxLimit),
      offset: wholeNumber(0, 0, MAX_OFFSET),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown parameter; the filters are user, kind, since, limit, offset' : undefined) },
  );
}

const PAGE_QUERY = schema(MAX_LIMIT, DEFAULT_LIMIT);
const EXPORT_QUERY = schema(MAX_EXPORT, MAX_EXPORT);

/**
 * Reads the query from every parameter as sent (`queries()`): the JSON list's limit is 1 to 500
 * (default 100), the export's 1 to 10,000 (default all of them, up to that).
 */
export function parseActivityQuery(queries: Record<string, string[]>, purpose: 'page' | 'export'): ActivityQuery {
  const twice = Object.entries(queries).find(([, values]) => values.length > 1);
  if (twice) throw badInput(twice[0], 'given more than once');
  const params = Object.fromEntries(Object.entries(queries).map(([name, values]) => [name, values[0]]));
  const parsed = (purpose === 'page' ? PAGE_QUERY : EXPORT_QUERY).safeParse(params);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error);
  throw badInput(field, message);
}
