import { Hono } from 'hono';
import type { OverlayEnv } from '../http/env.ts';
import { PROXY_SECRET_HEADER, secretMatches } from '../identity/proxy-secret.ts';

/** An open route (the proxy sends `/_overlay/public/*` to the overlay without sign-in). */
export const ECHO_PROBE_PATH = '/_overlay/public/echo-probe';

/** What arrived with the request, as booleans only: never a header's value. */
export interface EchoProbeAnswer {
  probe: 'overlay-echo';
  /** Any X-Authentik-* header reached the overlay. */
  identityHeaders: boolean;
  proxySecretPresent: boolean;
  /** The X-Overlay-Proxy-Secret that arrived equals PROXY_SECRET. */
  proxySecretValid: boolean;
}

/**
 * GET /_overlay/public/echo-probe — the doctor sends forged identity headers through the public
 * site and reads here whether they got through. It answers before identity is checked, so it
 * works for anyone, and reveals nothing a direct request could not already learn.
 */
export function echoProbeRoute(proxySecret: string | null): Hono<OverlayEnv> {
  const routes = new Hono<OverlayEnv>();
  routes.get(ECHO_PROBE_PATH, (c) => {
    const presented = c.req.header(PROXY_SECRET_HEADER);
    const answer: EchoProbeAnswer = {
      probe: 'overlay-echo',
      identityHeaders: Object.keys(c.req.header()).some((name) => name.toLowerCase().startsWith('x-authentik-')),
      proxySecretPresent: presented !== undefined,
      proxySecretValid: proxySecret !== null && secretMatches(presented, proxySecret),
    };
    c.header('Cache-Control', 'no-store');
    return c.json(answer);
  });
  return routes;
}

/** The probe's answer, or null when whatever answered was not this overlay's probe. */
export async function readEchoProbe(response: Response): Promise<EchoProbeAnswer | null> {
  if (response.status !== 200) {
    await response.body?.cancel();
    return null;
  }
  const body = (await response.json().catch(() => null)) as Partial<EchoProbeAnswer> | null;
  if (body?.probe !== 'overlay-echo') return null;
  const flags = [body.identityHeaders, body.proxySecretPresent, body.proxySecretValid];
  return flags.every((f) => typeof f === 'boolean') ? (body as EchoProbeAnswer) : null;
}
