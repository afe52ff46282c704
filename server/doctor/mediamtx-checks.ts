import type { Config } from '../config/index.ts';
import { mediamtxSettings, RESET_WHEN_UNSET } from '../mediamtx/settings.ts';
import { whyNotOverlay } from './overlay-address.ts';
import { fail, pass } from './results.ts';
import { judgeTrustedProxies, TRUSTED_PROXIES_FIX } from './trusted-proxies.ts';
import type { Check, CheckResult } from './types.ts';

const vanillaMode = (config: Readonly<Config>) => (config.mode === 'vanilla' ? 'vanilla mode: the overlay does not use MediaMTX' : null);

const mediamtxApiAnswers: Check = {
  id: 'mediamtx-api',
  title: 'MediaMTX API answers',
  skipWhen: vanillaMode,
  fix: "Start MediaMTX with its API on (api: yes), check MEDIAMTX_API_URL, and let the overlay's address use the API without a password (the stock `any` user from 127.0.0.1 with the api action).",
  async run(ctx) {
    try {
      await ctx.mediamtxGlobalConfig();
    } catch (error) {
      return fail((error as Error).message, this.fix);
    }
    return pass(`${ctx.config.mediamtxApiUrl} answered /v3/config/global/get`);
  },
};

/** [setting, expected value, found value] for every setting that differs. */
type Mismatch = [string, string, unknown];

/**
 * The auth settings `npm run mediamtx-settings` would apply, against MediaMTX's: equal, or (for an
 * address of this overlay) a URL that reaches the port this overlay listens on, with the same path.
 */
async function mismatches(conf: Record<string, unknown>, config: Readonly<Config>, overlayPort: number): Promise<Mismatch[]> {
  const section = mediamtxSettings(config);
  const wanted = Object.entries(section.settings).filter((e): e is [string, string] => typeof e[1] === 'string');
  for (const key of RESET_WHEN_UNSET[section.authMethod]) if (!(key in section.settings)) wanted.push([key, '']);
  const wrong: Mismatch[] = [];
  for (const [key, want] of wanted) {
    const found = conf[key] ?? '';
    if (found === want) continue;
    const isAddress = want.startsWith(config.overlayInternalUrl) && typeof found === 'string';
    if (isAddress && (await whyNotOverlay(found, new URL(want).pathname, config.host, overlayPort)) === null) continue;
    wrong.push([key, want, found]);
  }
  return wrong;
}

const shown = (value: unknown) => (value === '' || value === undefined ? '(empty)' : JSON.stringify(value));

const mediamtxAsksOverlay: Check = {
  id: 'mediamtx-auth',
  title: 'MediaMTX asks this overlay who may watch',
  requires: 'mediamtx-api',
  skipWhen: vanillaMode,
  fix: 'Run `npm run mediamtx-settings -- --apply`, or set what it prints in mediamtx.yml.',
  async run(ctx): Promise<CheckResult> {
    const { config } = ctx;
    const conf = await ctx.mediamtxGlobalConfig();
    const wrong = await mismatches(conf, config, ctx.overlayPort);
    if (wrong.length === 0) {
      const target = config.mediamtxAuth === 'jwt' ? `authJWTJWKS ${String(conf.authJWTJWKS)}` : `authHTTPAddress ${String(conf.authHTTPAddress)}`;
      return pass(`authMethod ${String(conf.authMethod)}, ${target}`);
    }
    const detail = wrong.map(([key, , found]) => `${key} is ${shown(found)}`).join(', ');
    const settings = wrong.map(([key, want]) => `${key}: ${want === '' ? '""' : want}`).join(', ');
    return fail(
      `MEDIAMTX_AUTH=${config.mediamtxAuth}, but ${detail}`,
      `Run \`npm run mediamtx-settings -- --apply\`, or set in mediamtx.yml ${settings} and restart MediaMTX (OVERLAY_INTERNAL_URL is where MediaMTX reaches the overlay).`,
    );
  },
};

const readersKeepTheirAddress: Check = {
  id: 'mediamtx-trusted-proxies',
  title: 'MediaMTX sees readers behind the reverse proxy by their own address',
  requires: 'mediamtx-api',
  skipWhen: vanillaMode,
  fix: TRUSTED_PROXIES_FIX,
  async run(ctx) {
    return judgeTrustedProxies(ctx.config, await ctx.mediamtxGlobalConfig(), ctx.overlayPort);
  },
};

export { whyNotOverlay } from './overlay-address.ts';

export const MEDIAMTX_CHECKS: readonly Check[] = [mediamtxApiAnswers, mediamtxAsksOverlay, readersKeepTheirAddress];
