import { Hono } from 'hono';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveOnLoopback, type LoopbackServer } from '../../test/doubles/mediamtx-api/serve-on-loopback.ts';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../log.ts';
import { createDoctorContext } from './context.ts';

let mediamtx: LoopbackServer;
beforeAll(async () => {
  // A MediaMTX of another version, spelling a field the checks read with another type.
  mediamtx = await serveOnLoopback(new Hono().get('/v3/config/global/get', (c) => c.json({ authMethod: 'http', hls: 'yes' })).fetch);
});
afterAll(() => mediamtx?.stop());

it("names the field of MediaMTX's configuration that has another type than the checks read", async () => {
  const config = loadConfig({ MEDIAMTX_API_URL: mediamtx.url });
  const ctx = createDoctorContext({ config, overlayPort: config.port, log: createLogger('silent') });
  await expect(ctx.mediamtxGlobalConfig()).rejects.toThrow(`${mediamtx.url}/v3/config/global/get: hls: expected boolean, got string`);
  await ctx.close();
});
