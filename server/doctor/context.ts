import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'ldapts';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { answerProblem, globalConfig } from '../mediamtx/schemas.ts';
import { openStore, type Store } from '../store/index.ts';
import { createUpstreamSessions, type UpstreamRole } from '../upstream/sessions.ts';
import { createAuthentikClient, type AuthentikClient } from '../users/authentik/client.ts';
import { fetchFrom } from './results.ts';
import { CHECK_TIMEOUT_MS } from './runner.ts';
import type { DoctorContext } from './types.ts';

export interface DoctorDeps {
  config: Readonly<Config>;
  /** The port this overlay listens on (the running overlay knows it better than PORT in tests and containers). */
  overlayPort: number;
  log: Logger;
  /** The running overlay's store; without one (the script) the configured store is opened, and closed after. */
  store?: Store;
}

const CLOSE_WAIT_MS = 1_000;

/** Starts `open` once, on first use; later callers share its promise (and its failure). */
function once<T>(open: () => Promise<T>): { get(): Promise<T>; started(): Promise<T> | null } {
  let pending: Promise<T> | null = null;
  return { get: () => (pending ??= open()), started: () => pending };
}

export function createDoctorContext(deps: DoctorDeps): DoctorContext {
  const { config, log } = deps;
  const editor = config.editorAccounts ? createUpstreamSessions({ editorUrl: config.editorUrl, accounts: config.editorAccounts, log }) : null;

  const mediamtx = once(async () => {
    const url = `${config.mediamtxApiUrl}/v3/config/global/get`;
    const response = await fetchFrom(url, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      throw new Error(`${url} answered ${response.status} ${body.slice(0, 120)}`.trim());
    }
    const conf: unknown = await response.json().catch(() => null);
    if (!conf || typeof conf !== 'object' || Array.isArray(conf)) throw new Error(`${url} answered something that is not a configuration object`);
    // The checks read the fields the overlay's own client reads: same types, or a message naming the field.
    const problem = answerProblem(globalConfig, conf);
    if (problem) throw new Error(`${url}: ${problem}`);
    return conf as Record<string, unknown>;
  });

  const ldap = once(async () => {
    const settings = config.ldap;
    if (!settings) throw new Error('LDAP_URL is not set');
    const timeout = Math.min(settings.timeoutMs, CHECK_TIMEOUT_MS);
    const client = new Client({ url: settings.url, timeout, connectTimeout: timeout });
    try {
      await client.bind(settings.bindDN, settings.bindPassword);
    } catch (error) {
      await client.unbind().catch(() => {});
      throw error;
    }
    return client;
  });

  const store = once(async () => deps.store ?? openStore({ url: config.storeUrl, dataDir: config.dataDir }));

  let authentik: AuthentikClient | null = null;

  return {
    config,
    overlayPort: deps.overlayPort,
    async editorCookie(role: UpstreamRole) {
      if (!editor) throw new Error('no editor accounts are configured (vanilla mode)');
      return editor.cookieFor(role);
    },
    mediamtxGlobalConfig: mediamtx.get,
    ldap: ldap.get,
    authentik() {
      if (!config.authentik?.token) throw new Error('AUTHENTIK_URL and AUTHENTIK_TOKEN are not both set');
      authentik ??= createAuthentikClient({ url: config.authentik.url, token: config.authentik.token, timeoutMs: CHECK_TIMEOUT_MS });
      return authentik;
    },
    store: store.get,
    async close() {
      const closing = [ldap.started()?.then((client) => client.unbind()), deps.store ? undefined : store.started()?.then((opened) => opened.close())];
      // An open that still hangs (a dead Redis) is closed whenever it finishes; the report does not wait for it.
      await Promise.race([Promise.allSettled(closing), delay(CLOSE_WAIT_MS, undefined, { ref: false })]);
    },
  };
}
