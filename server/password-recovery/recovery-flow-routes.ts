/**
 * `/_overlay/api/password-recovery` (admin-only, like every /_overlay/api route the route table
 * does not name): GET shows which pieces of Authentik's password recovery exist, POST creates the
 * missing ones. Needs the Authentik API; a plain LDAP site has no recovery flow to build.
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { RecoveryStatus } from '../contract.ts';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { createRecoveryFlowApi } from './recovery-flow-api.ts';
import { createPasswordRecovery, type PasswordRecovery } from './recovery-flow.ts';

export interface PasswordRecoveryApiDeps {
  authentik: Config['authentik'];
  log: Logger;
}

export function passwordRecoveryApi(deps: PasswordRecoveryApiDeps): Hono<OverlayEnv> {
  const { authentik, log } = deps;
  const recovery = authentik?.token ? createPasswordRecovery({ api: createRecoveryFlowApi({ url: authentik.url, token: authentik.token }) }) : null;
  const api = new Hono<OverlayEnv>();

  function available(): PasswordRecovery {
    if (recovery) return recovery;
    const missing = authentik ? 'AUTHENTIK_TOKEN is not set' : 'AUTHENTIK_URL and AUTHENTIK_TOKEN are not set';
    throw new OverlayError(409, {
      title: 'Password recovery needs Authentik',
      message: `Password recovery is an Authentik flow, built through its API, and ${missing}. Without Authentik (LDAP alone), people set their passwords through the overlay's own set-password links.`,
    });
  }

  api.get('/password-recovery', async (c) => {
    const status = await available().status();
    c.header('Cache-Control', 'no-store');
    return c.json(status satisfies RecoveryStatus);
  });

  api.post('/password-recovery', async (c) => {
    const result = await available().enable();
    log.info({ actor: c.get('user').username, created: result.created, complete: result.complete }, 'password recovery enabled in Authentik');
    c.header('Cache-Control', 'no-store');
    return c.json(result satisfies RecoveryStatus);
  });

  return api;
}
