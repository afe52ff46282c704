/**
 * The environment the demo and the benchmarks start the overlay with: the stand-in editor's default
 * accounts, the seeded slapd as the directory, and every other overlay variable blanked.
 */
import { VARIABLES } from '../../server/config/variables.ts';
import type { Slapd } from '../../test/harness/slapd.ts';
import { DEFAULT_EDITOR_USERS } from '../../test/stand-in-editor/index.ts';

export function editorAccount(role: 'admin' | 'viewer') {
  const account = DEFAULT_EDITOR_USERS.find((u) => u.role === role);
  if (!account) throw new Error(`the stand-in editor has no default ${role} account`);
  return account;
}

export interface OverlayEnvOptions {
  host: string;
  port: number;
  editorUrl: string;
  mediamtxApiUrl: string;
  slapd: Pick<Slapd, 'url' | 'serviceDN' | 'servicePassword' | 'baseDN'>;
}

export function overlayEnv(options: OverlayEnvOptions): NodeJS.ProcessEnv {
  const admin = editorAccount('admin');
  const viewer = editorAccount('viewer');
  return {
    ...process.env,
    // Blank every other overlay variable: neither the shell nor a .env file (dotenv never
    // overrides a variable that is set, even to '') may change what is shown or measured.
    ...Object.fromEntries(VARIABLES.map((v) => [v.name, ''])),
    PORT: String(options.port),
    HOST: options.host,
    EDITOR_URL: options.editorUrl,
    MEDIAMTX_API_URL: options.mediamtxApiUrl,
    EDITOR_ADMIN_USER: admin.username,
    EDITOR_ADMIN_PASSWORD: admin.password,
    EDITOR_VIEWER_USER: viewer.username,
    EDITOR_VIEWER_PASSWORD: viewer.password,
    LDAP_URL: options.slapd.url,
    LDAP_BIND_DN: options.slapd.serviceDN,
    LDAP_BIND_PASSWORD: options.slapd.servicePassword,
    LDAP_BASE_DN: options.slapd.baseDN,
  };
}
