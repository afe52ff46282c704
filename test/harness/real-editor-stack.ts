/**
 * The overlay in directory mode (forward auth, the shared slapd) in front of the REAL editor, for
 * the opt-in checks in test/real-editor: the editor with its two service accounts and the given
 * mediamtx.yml, the overlay logged in to it with them. No MediaMTX API (nothing here needs one).
 */
import type { ProvidedLdap } from './global-setup.ts';
import { startOverlay, type RunningOverlay } from './overlay.ts';
import { startRealEditor, type RealEditor } from './real-editor.ts';
import { directoryEnv, PROXY_SECRET } from './stack.ts';

const ACCOUNTS = {
  admin: { username: 'editor-admin', password: 'editor-admin-pass' },
  viewer: { username: 'editor-viewer', password: 'editor-viewer-pass' },
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
      EDITOR_ADMIN_USER: ACCOUNTS.admin.username,
      EDITOR_ADMIN_PASSWORD: ACCOUNTS.admin.password,
      EDITOR_VIEWER_USER: ACCOUNTS.viewer.username,
      EDITOR_VIEWER_PASSWORD: ACCOUNTS.viewer.password,
      PROXY_SECRET,
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
