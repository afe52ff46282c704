/**
 * `/_overlay/api/mediamtx-settings` (admins: the route table leaves it admin-only): the MediaMTX
 * auth section for the current MEDIAMTX_AUTH, as JSON and YAML, and `/apply`, which writes it into
 * MediaMTX through its API after an explicit `{"confirm": true}`.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { OverlayEnv } from '../http/env.ts';
import { badInput, readJsonBody } from '../http/json-body.ts';
import type { MediamtxApi } from './api-client.ts';
import { applyMediamtxSettings } from './settings-apply.ts';
import { mediamtxSettings, settingsYaml, type SettingsConfig } from './settings.ts';

const MAX_BODY = 1024;

export interface MediamtxSettingsApiDeps {
  config: Readonly<SettingsConfig & Pick<Config, 'mediamtxApiUrl' | 'dataDir'>>;
  mediamtx: Pick<MediamtxApi, 'globalConfig' | 'patchGlobalConfig'>;
  log: Logger;
}

export function mediamtxSettingsApi(deps: MediamtxSettingsApiDeps): Hono<OverlayEnv> {
  const { config, log } = deps;
  // The configuration is frozen at start, so the section is too.
  const section = mediamtxSettings(config);
  const yaml = settingsYaml(section);
  const api = new Hono<OverlayEnv>();
  const limit = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw badInput('body', `the request body is larger than ${MAX_BODY} bytes`);
    },
  });

  api.get('/mediamtx-settings', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ ...section, yaml, mediamtxApiUrl: config.mediamtxApiUrl, apply: 'POST /_overlay/api/mediamtx-settings/apply {"confirm": true}' });
  });

  api.post('/mediamtx-settings/apply', limit, async (c) => {
    await requireConfirmation(c);
    const result = await applyMediamtxSettings({ api: deps.mediamtx, apiUrl: config.mediamtxApiUrl, section, dataDir: config.dataDir });
    const actor = c.get('user').username;
    if (result.changed.length) log.info({ actor, changed: result.changed, backupFile: result.backupFile }, 'MediaMTX auth settings applied');
    else log.info({ actor }, 'MediaMTX already had the auth settings');
    for (const warning of result.warnings) log.warn({ actor }, warning);
    c.header('Cache-Control', 'no-store');
    return c.json({ applied: result.changed.length > 0, ...result, mediamtxApiUrl: config.mediamtxApiUrl });
  });

  return api;
}

/** Changing MediaMTX's auth cuts off whoever it no longer admits: only an explicit `{"confirm": true}` does it. */
async function requireConfirmation(c: Context<OverlayEnv>): Promise<void> {
  const body = await readJsonBody(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badInput('body', 'must be the object {"confirm": true}');
  const unknown = Object.keys(body).filter((key) => key !== 'confirm');
  if (unknown.length) throw badInput(unknown[0]!, 'unknown key; the only one is "confirm"');
  if ((body as { confirm?: unknown }).confirm !== true) {
    throw badInput('confirm', 'must be true: applying changes how MediaMTX authenticates everyone, so it is never done without it');
  }
}
