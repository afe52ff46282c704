import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { OverlayEnv } from '../http/env.ts';
import type { Store } from '../store/index.ts';
import { runDoctor, type DoctorReport } from './index.ts';

/**
 * GET /_overlay/api/doctor — the doctor's report as JSON (admins only: the route table closes
 * every route it does not name). Concurrent calls share one run, so a reload storm cannot turn
 * into a login storm on the editor and the directory.
 */
export function doctorApi(deps: { config: Readonly<Config>; store: Store; log: Logger }): Hono<OverlayEnv> {
  const api = new Hono<OverlayEnv>();
  let running: Promise<DoctorReport> | null = null;
  api.get('/doctor', async (c) => {
    // The port this request came in on is where this overlay listens, whatever PORT said.
    const overlayPort = c.env?.incoming?.socket?.localPort ?? deps.config.port;
    running ??= runDoctor({ ...deps, overlayPort }).finally(() => {
      running = null;
    });
    c.header('Cache-Control', 'no-store');
    return c.json(await running);
  });
  return api;
}
