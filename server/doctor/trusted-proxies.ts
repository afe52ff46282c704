/**
 * Whether readers behind the reverse proxy get in as the proxy (see server/mediamtx/trusted-proxies.ts):
 * the doctor's check, and the warning the overlay logs once at start.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { parse } from 'yaml';
import { AUTH_ENDPOINT_PATH } from '../mediamtx-auth/endpoint.ts';
import type { Config } from '../config/index.ts';
import type { MediamtxApi } from '../mediamtx/api-client.ts';
import { parseInternalUsers } from '../mediamtx/internal-users/index.ts';
import { describeProxyExposures, findProxyExposures, proxiedServers, proxyExposureFix, trustedProxiesKey } from '../mediamtx/trusted-proxies.ts';
import { whyNotOverlay } from './overlay-address.ts';
import { fail, pass } from './results.ts';
import type { CheckResult } from './types.ts';

export const TRUSTED_PROXIES_FIX =
  'Run `npm run mediamtx-settings -- --apply`, or set hlsTrustedProxies, webrtcTrustedProxies and playbackTrustedProxies in mediamtx.yml to MEDIAMTX_TRUSTED_PROXIES.';

type JudgedConfig = Pick<Config, 'host' | 'mediamtxConfigFile' | 'mediamtxTrustedProxies'>;

/**
 * MediaMTX's global configuration `conf` (from its API, or its file) against the internal users the
 * overlay judges: a failure when an `any` entry limited to the proxy's address lets everyone behind
 * the proxy in; skipped when MediaMTX does not ask this overlay (then the overlay judges nobody).
 */
export async function judgeTrustedProxies(config: Readonly<JudgedConfig>, conf: Record<string, unknown>, overlayPort: number): Promise<CheckResult> {
  const method = typeof conf.authMethod === 'string' ? conf.authMethod : 'internal';
  if (method !== 'http') return { status: 'skip', detail: `MediaMTX does not ask this overlay (authMethod ${method})` };
  const elsewhere = await whyNotOverlay(String(conf.authHTTPAddress ?? ''), AUTH_ENDPOINT_PATH, config.host, overlayPort);
  if (elsewhere) return { status: 'skip', detail: `MediaMTX does not ask this overlay (${elsewhere})` };
  const file = config.mediamtxConfigFile;
  if (!file) return pass('MEDIAMTX_CONFIG_FILE is not set: the overlay judges no internal users');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { status: 'skip', detail: `MEDIAMTX_CONFIG_FILE ${file} cannot be read (${(error as Error).message})` };
  }
  const proxies = config.mediamtxTrustedProxies;
  const exposures = findProxyExposures(conf, parseInternalUsers(text).users, proxies);
  if (exposures.length) return fail(describeProxyExposures(exposures), proxyExposureFix(exposures, proxies));
  const servers = proxiedServers(conf, proxies);
  if (servers.length && servers.every((s) => s.untrusted.length === 0)) {
    return pass(`MediaMTX treats ${proxies.join(', ')} as the reverse proxy (${servers.map((s) => trustedProxiesKey(s.server.server)).join(', ')})`);
  }
  return pass(`no internal user lets anyone in from the reverse proxy's addresses (${proxies.join(', ')})`);
}

/**
 * MediaMTX's own file, for when its API does not answer yet (docker compose starts MediaMTX after
 * the overlay). YAML 1.1, as MediaMTX reads it: its stock file writes `hls: yes`.
 */
async function confFromFile(file: string): Promise<Record<string, unknown>> {
  const conf: unknown = parse(await readFile(file, 'utf8'), { version: '1.1', merge: true });
  if (conf === null || typeof conf !== 'object' || Array.isArray(conf)) throw new Error(`${file} is not a YAML mapping`);
  return conf as Record<string, unknown>;
}

export interface StartCheckDeps {
  config: Readonly<JudgedConfig & Pick<Config, 'mediamtxApiUrl'>>;
  /** The port the overlay listens on. */
  overlayPort: number;
  mediamtx: Pick<MediamtxApi, 'globalConfig'>;
  log: Logger;
}

/**
 * Run once when the overlay starts listening: a warning when readers behind the reverse proxy get
 * in as the proxy, so it is seen without running the doctor. Never rejects; resolves to the result
 * (null when there was nothing to judge from).
 */
export async function warnAboutTrustedProxiesAtStart(deps: StartCheckDeps): Promise<CheckResult | null> {
  const { config, log } = deps;
  try {
    let conf: Record<string, unknown>;
    let source = `MediaMTX's API at ${config.mediamtxApiUrl}`;
    try {
      conf = await deps.mediamtx.globalConfig();
    } catch (error) {
      if (!config.mediamtxConfigFile) {
        log.debug({ reason: (error as Error).message }, "reverse proxy check: MediaMTX's API did not answer and MEDIAMTX_CONFIG_FILE is not set");
        return null;
      }
      source = `${config.mediamtxConfigFile} (${source} did not answer)`;
      conf = await confFromFile(config.mediamtxConfigFile);
    }
    const result = await judgeTrustedProxies(config, conf, deps.overlayPort);
    if (result.status === 'fail') log.warn({ source, fix: result.fix }, `Readers behind the reverse proxy get in as the proxy: ${result.detail}`);
    else log.debug({ source }, `reverse proxy check: ${result.detail}`);
    return result;
  } catch (error) {
    log.debug({ reason: (error as Error).message }, 'reverse proxy check: could not be made');
    return null;
  }
}
