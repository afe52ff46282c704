import { randomBytes, randomUUID } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { Config } from '../config/index.ts';
import { ECHO_PROBE_PATH, readEchoProbe } from './echo-probe.ts';
import { fail, fetchFrom, forwardAuthHeadersUnused, pass } from './results.ts';
import type { Check, CheckResult } from './types.ts';

/** Long enough that guessing is hopeless; `openssl rand -hex 32` gives 64. */
const MIN_PROXY_SECRET_LENGTH = 32;
/** A probe key left behind by a crash expires by itself. */
const PROBE_TTL_MS = 60_000;

function storeFix(config: Readonly<Config>): string {
  return config.storeUrl
    ? 'Check STORE_URL, and that Redis runs and accepts writes (not a read-only replica, not out of memory).'
    : `Check that DATA_DIR (${config.dataDir}) exists, or can be created, and that the overlay's user may write there.`;
}

const storeWritable: Check = {
  id: 'store',
  title: 'State store is writable',
  skipWhen: (config) => (config.mode === 'vanilla' ? 'vanilla mode keeps no state' : null),
  fix: 'Check STORE_URL or DATA_DIR.',
  async run(ctx): Promise<CheckResult> {
    const { config } = ctx;
    let where = config.storeUrl ? 'Redis' : config.dataDir;
    try {
      const store = await ctx.store();
      where = store.description;
      const probes = store.keyv<string>('doctor');
      const key = `probe-${randomUUID()}`;
      const value = randomUUID();
      const wrote = await probes.set(key, value, PROBE_TTL_MS);
      if (!wrote || (await probes.get(key)) !== value) return fail(`${where}: a probe key written was not read back`, storeFix(config));
      if (!(await probes.delete(key)) || (await probes.get(key)) !== undefined) return fail(`${where}: a probe key could not be deleted`, storeFix(config));
      return pass(`${where}: wrote, read and deleted a probe key`);
    } catch (error) {
      return fail(`${where}: ${(error as Error).message}`, storeFix(config));
    }
  },
};

const NEW_SECRET = `Set PROXY_SECRET to the output of \`openssl rand -hex 32\`, and the proxy's X-Overlay-Proxy-Secret (OVERLAY_PROXY_SECRET in caddy/Caddyfile) to the same.`;

const proxySecretStrong: Check = {
  id: 'proxy-secret',
  title: 'PROXY_SECRET is set and long enough',
  skipWhen(config) {
    if (config.mode === 'vanilla') return 'vanilla mode: no identity headers are believed';
    return config.identity === 'ldap-login' && !config.proxySecret
      ? 'IDENTITY=ldap-login and no PROXY_SECRET: forwarded client addresses are not believed'
      : null;
  },
  fix: NEW_SECRET,
  async run({ config }) {
    const secret = config.proxySecret;
    if (!secret) return fail('PROXY_SECRET is not set', NEW_SECRET);
    if (secret.length < MIN_PROXY_SECRET_LENGTH) return fail(`${secret.length} characters; at least ${MIN_PROXY_SECRET_LENGTH} are needed`, NEW_SECRET);
    return pass(`${secret.length} characters`);
  },
};

/** HOST on loopback: only something on this machine (a reverse proxy, in practice) can reach the overlay. */
function onLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

const ADDRESS_FIX =
  "Set TRUSTED_PROXIES to the reverse proxy's address as the overlay sees it (127.0.0.1 when it runs on this machine), or have the proxy send X-Overlay-Proxy-Secret with PROXY_SECRET (caddy/Caddyfile, `header_up`).";

const clientAddresses: Check = {
  id: 'client-addresses',
  title: 'Sign-in limits can tell visitors apart',
  skipWhen(config) {
    if (config.mode === 'vanilla' || config.identity !== 'ldap-login') return 'only IDENTITY=ldap-login limits failed sign-ins per address';
    if (config.proxySecret || config.trustedProxies.length > 0 || onLoopback(config.host)) return null;
    return `HOST=${config.host} is not loopback: visitors may connect directly, and then their own addresses count. Behind a reverse proxy: ${ADDRESS_FIX}`;
  },
  fix: ADDRESS_FIX,
  async run({ config }) {
    if (config.trustedProxies.length > 0) return pass(`X-Forwarded-For is read from TRUSTED_PROXIES (${config.trustedProxies.join(', ')})`);
    if (config.proxySecret) return pass('X-Forwarded-For is read from requests carrying PROXY_SECRET');
    return fail(
      `HOST=${config.host} is loopback, so a reverse proxy is in front, and neither PROXY_SECRET nor TRUSTED_PROXIES is set: every visitor has the proxy's address, and 20 wrong passwords from anyone lock everyone out for 15 minutes`,
      ADDRESS_FIX,
    );
  },
};

const STRIP_FIX =
  'Drop client-sent identity headers at the top of the site, before any route: `request_header -X-Authentik-*` and `request_header -X-Overlay-Proxy-Secret` (caddy/Caddyfile, step 1).';
const SECRET_FIX =
  "Have the proxy add `header_up X-Overlay-Proxy-Secret` with the value of PROXY_SECRET on every route to the overlay, after dropping the client's (caddy/Caddyfile, steps 1, 5 and 6).";

const proxyStripsForgedHeaders: Check = {
  id: 'proxy-strips',
  title: 'Reverse proxy strips forged identity headers',
  skipWhen(config) {
    const unused = forwardAuthHeadersUnused(config);
    if (unused) return unused;
    return config.streamUrl ? null : 'STREAM_URL is not set: set it to the public stream site to test the proxy';
  },
  fix: 'Check STREAM_URL, and that the proxy sends /_overlay/public/* to the overlay (caddy/Caddyfile, step 5).',
  async run(ctx): Promise<CheckResult> {
    const { config } = ctx;
    const url = `${config.streamUrl}${ECHO_PROBE_PATH}`;
    const forged = randomBytes(12).toString('hex');
    const response = await fetchFrom(url, {
      headers: {
        'X-Authentik-Username': `doctor-forged-${forged}`,
        'X-Authentik-Groups': 'vid_admin',
        'X-Overlay-Proxy-Secret': `forged-${forged}`,
        accept: 'application/json',
      },
      signal: ctx.signal,
    });
    const answer = await readEchoProbe(response);
    if (!answer) return fail(`${url} answered ${response.status}, not the overlay's probe`, this.fix);
    if (answer.identityHeaders) return fail('forged X-Authentik-* headers reached the overlay through the proxy', STRIP_FIX);
    if (!answer.proxySecretPresent) return fail('the proxy did not add X-Overlay-Proxy-Secret', SECRET_FIX);
    if (!answer.proxySecretValid)
      return fail(
        "an X-Overlay-Proxy-Secret other than PROXY_SECRET reached the overlay (the forged one, or the proxy's value differs)",
        `${STRIP_FIX} ${SECRET_FIX}`,
      );
    return pass(`${config.streamUrl}: forged headers were dropped and the proxy's own secret arrived`);
  },
};

export const LOCAL_CHECKS: readonly Check[] = [storeWritable, proxySecretStrong, clientAddresses, proxyStripsForgedHeaders];
