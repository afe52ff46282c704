/**
 * `/_overlay/api/activity`: the activity log for admins (the route table keeps everyone else
 * out): a JSON page, one entry with its diff, and a CSV export of the same filters.
 */
import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import type { ActivityEntry } from '../contract.ts';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import type { ActivityLog } from './activity-log.ts';
import { parseActivityQuery } from './query.ts';

const CSV_COLUMNS = ['at', 'user', 'role', 'kind', 'method', 'route', 'status', 'outcome', 'summary'] as const satisfies ReadonlyArray<keyof ActivityEntry>;

export function activityApi(activity: ActivityLog): Hono<OverlayEnv> {
  const api = new Hono<OverlayEnv>();

  api.get('/activity', async (c) => {
    const query = parseActivityQuery(c.req.queries(), 'page');
    c.header('Cache-Control', 'no-store');
    return c.json(await activity.list(query));
  });

  api.get('/activity.csv', async (c) => {
    const query = parseActivityQuery(c.req.queries(), 'export');
    const page = await activity.list(query);
    // escape_formulas: a cell that starts with = + - @ (or a tab, a CR) gets a leading ' (OWASP's CSV injection advice).
    const csv = stringify(
      page.entries.map((entry) => CSV_COLUMNS.map((column) => entry[column] ?? '')),
      { header: true, columns: [...CSV_COLUMNS], escape_formulas: true },
    );
    c.header('Cache-Control', 'no-store');
    c.header('Content-Disposition', `attachment; filename="activity-${new Date().toISOString().slice(0, 10)}.csv"`);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  api.get('/activity/:id', async (c) => {
    const detail = await activity.get(c.req.param('id'));
    if (!detail)
      throw new OverlayError(404, { title: 'No such entry', message: 'There is no activity entry with that id (it may have been pruned).', field: 'id' });
    c.header('Cache-Control', 'no-store');
    return c.json(detail);
  });

  return api;
}
