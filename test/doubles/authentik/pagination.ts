/** Authentik's list pagination, as every list route of the double answers it (see shared/reference/authentik.md). */
import type { Context } from 'hono';

/** The double's Hono variables: the request body, read once by the recording middleware. */
export type DoubleEnv = { Variables: { body: unknown } };

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export function paginated(c: Context<DoubleEnv>, rows: Record<string, unknown>[]) {
  const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(c.req.query('page_size') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE));
  const pages = Math.max(1, Math.ceil(rows.length / size));
  if (page > pages) return c.json({ detail: 'Invalid page.' }, 404);
  const slice = rows.slice((page - 1) * size, page * size);
  return c.json({
    pagination: {
      next: page < pages ? page + 1 : 0,
      previous: page > 1 ? page - 1 : 0,
      count: rows.length,
      current: page,
      total_pages: pages,
      start_index: slice.length ? (page - 1) * size + 1 : 0,
      end_index: (page - 1) * size + slice.length,
    },
    results: slice,
    autocomplete: {},
  });
}
