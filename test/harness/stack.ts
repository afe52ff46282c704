/** The whole picture for integration tests: MediaMTX API double, stand-in editor, overlay. */
import { startMediamtxApi, type FakePath, type MediamtxApiDouble } from '../doubles/mediamtx-api/index.ts';
import { startStandInEditor, type StandInEditor } from '../stand-in-editor/index.ts';
import type { ProvidedLdap } from './global-setup.ts';
import type { AppDependencies } from '../../server/app.ts';
import { startOverlay, type RunningOverlay } from './overlay.ts';

export const PROXY_SECRET = 'test-proxy-secret-0123456789abcdef';

/** Directory mode's editor service accounts (the stand-in's default users, and the real editor's in test/real-editor) and the proxy secret. */
export const SERVICE_ACCOUNTS_ENV = {
  EDITOR_ADMIN_USER: 'editor-admin',
  EDITOR_ADMIN_PASSWORD: 'editor-admin-pass',
  EDITOR_VIEWER_USER: 'editor-viewer',
  EDITOR_VIEWER_PASSWORD: 'editor-viewer-pass',
  PROXY_SECRET,
} as const;

export const DEMO_PATHS: FakePath[] = [
  { name: 'cam1', ready: true, sourceType: 'rtspSession', publisherUser: 'publisher', readers: { hlsSession: 1 } },
  { name: 'drone1', ready: true, sourceType: 'rtmpConn' },
  { name: 'teststream', ready: true, sourceType: 'rtspSession' },
];

export interface Stack {
  mediamtx: MediamtxApiDouble;
  editor: StandInEditor;
  overlay: RunningOverlay;
  stop(): Promise<void>;
}

export type StackMode = 'vanilla' | 'forward-auth' | 'ldap-login' | 'forward-auth-headers-only';

export function directoryEnv(ldap: ProvidedLdap): Record<string, string> {
  return {
    LDAP_URL: ldap.url,
    LDAP_BIND_DN: ldap.serviceDN,
    LDAP_BIND_PASSWORD: ldap.servicePassword,
    LDAP_BASE_DN: ldap.baseDN,
  };
}

export async function startStack(options: {
  mode: StackMode;
  ldap?: ProvidedLdap;
  env?: Record<string, string>;
  app?: Pick<AppDependencies, 'uiBundlePath'>;
}): Promise<Stack> {
  const mediamtx = await startMediamtxApi({ paths: DEMO_PATHS });
  const editor = await startStandInEditor({ mediamtxApiUrl: mediamtx.url });
  const env: Record<string, string> = { EDITOR_URL: editor.url, MEDIAMTX_API_URL: mediamtx.url };
  if (options.mode !== 'vanilla') {
    Object.assign(env, SERVICE_ACCOUNTS_ENV);
    if (options.mode === 'forward-auth-headers-only') env.AUTHENTIK_URL = 'http://127.0.0.1:9';
    else Object.assign(env, directoryEnv(options.ldap!));
    if (options.mode === 'ldap-login') env.IDENTITY = 'ldap-login';
  }
  const overlay = await startOverlay({ ...env, ...options.env }, options.app);
  return {
    mediamtx,
    editor,
    overlay,
    async stop() {
      await overlay.stop();
      await editor.stop();
      await mediamtx.stop();
    },
  };
}

/** Headers the reverse proxy adds after Authentik forward auth. */
export function asForwardAuthUser(username: string, groups: string[] = []): Record<string, string> {
  return { 'X-Overlay-Proxy-Secret': PROXY_SECRET, 'X-Authentik-Username': username, 'X-Authentik-Groups': groups.join('|') };
}
