/**
 * The overlay in directory mode (forward auth, the shared slapd) in front of the REAL editor, for
 * the opt-in checks in test/real-editor: the editor with its two service accounts and the given
 * mediamtx.yml, the overlay logged in to it with them. No MediaMTX API (nothing here needs one).
 */
import type { ProvidedLdap } from './global-setup.ts';
import { startOverlay, type RunningOverlay } from './overlay.ts';
import { startRealEditor, type RealEditor } from './real-editor.ts';
import { directoryEnv, SERVICE_ACCOUNTS_ENV } from './stack.ts';

const ACCOUNTS = {
  admin: { username: SERVICE_ACCOUNTS_ENV.EDITOR_ADMIN_USER, password: SERVICE_ACCOUNTS_ENV.EDITOR_ADMIN_PASSWORD },
  viewer: { username: SERVICE_ACCOUNTS_ENV.EDITOR_VIEWER_USER, password: SERVICE_ACCOUNTS_ENV.EDITOR_VIEWER_PASSWORD },
};

export interface RealEditorStack {
  editor: RealEditor;
  overlay: RunningOverlay;
  stop(): Promise<void>;
}

export async function startOverlayOnRealEditor(file: string, ldap: ProvidedLdap, mediamtxYaml: string): Promise<RealEditorStack> {
  const editor = await startRealEditor(
    file,
    [
      { ...ACCOUNTS.admin, role: 'admin' },
      { ...ACCOUNTS.viewer, role: 'viewer' },
    ],
    mediamtxYaml,
  );
  try {
    const overlay = await startOverlay({
      ...directoryEnv(ldap),
      EDITOR_URL: editor.url,
      MEDIAMTX_API_URL: 'http://127.0.0.1:9',
      ...SERVICE_ACCOUNTS_ENV,
    });
    return {
      editor,
      overlay,
      stop: async () => {
        await overlay.stop();
        await editor.stop();
      },
    };
  } catch (error) {
    await editor.stop();
    throw error;
  }
}
