// Every route of the vanilla editor v2.0.8 with its methods and its guard: the one list in the
// repository. The stand-in serves exactly these; the overlay's tests check each one against the
// overlay's allow-list. test/real-editor/editor-routes.test.ts holds it to the real editor's Flask
// app (MEDIAMTX_EDITOR_PY), test/conformance/editor-reference.test.ts to our reference notes
// (VANILLA_EDITOR_REFERENCE). Parameter names are ours; `<path:…>` is kept where the editor has it.

export type EditorGuard = 'public' | 'login' | 'admin';
export type EditorMethod = 'GET' | 'POST';

export type EditorRoute = {
  method: EditorMethod;
  /** A concrete request path for this route, parameters filled with sample values. */
  path: string;
  guard: EditorGuard;
  /** The Flask rule: `<name>` matches one segment, `<path:name>` any number of them. */
  pattern: string;
  /** Answers HTML (a page) rather than JSON. */
  page: boolean;
};

const SAMPLE_PARAMS: Record<string, string> = {
  f: 'sample.mp4',
  name: 'mediamtx_backup_20250101.yml',
  token: 'sample-token',
  subpath: 'index.m3u8',
  stream: 'cam1',
  sid: 'sample-sid',
  action: 'restart',
};

const PAGES = new Set(['/', '/login', '/register', '/forgot-password', '/reset-password', '/shared/<token>', '/watch/<stream>']);

function route(method: EditorMethod, pattern: string, guard: EditorGuard): EditorRoute {
  const path = pattern.replace(/<(?:path:)?(\w+)>/g, (_, name: string) => SAMPLE_PARAMS[name] ?? name);
  return { method, path, guard, pattern, page: method === 'GET' && PAGES.has(pattern) };
}

const each = (method: EditorMethod, guard: EditorGuard, patterns: string[]) => patterns.map((p) => route(method, p, guard));

export const EDITOR_ROUTES: EditorRoute[] = [
  // public
  ...each('GET', 'public', [
    '/login',
    '/logout',
    '/register',
    '/forgot-password',
    '/reset-password',
    '/api/theme/logo',
    '/shared/<token>',
    '/shared-hls/<token>/<path:subpath>',
    '/watch/<stream>',
  ]),
  ...each('POST', 'public', ['/login', '/register', '/forgot-password', '/reset-password']),

  // login_required (no role check in the editor, whatever the data)
  ...each('GET', 'login', [
    '/',
    '/api/status',
    '/api/streams',
    '/api/mediamtx/users',
    '/get_yaml',
    '/stream_logs',
    '/api/yaml/content',
    '/api/test/files',
    '/api/test/stream/status',
    '/api/stream-urls',
    '/api/public-access/status',
    '/api/teststream-viewer/status',
    '/api/hlsviewer-credential',
    '/api/srt-passphrase/status',
    '/api/protocols/status',
    '/api/recordings/settings',
    '/api/recordings/disk-usage',
    '/api/recordings/list',
    '/api/recordings/download/<f>',
    // A GET that converts a file: the real editor's rule has no POST.
    '/api/recordings/convert-mp4/<f>',
    '/api/recordings/play/<f>',
    '/api/recordings/hls/<sid>/<f>/<path:subpath>',
    '/api/theme/settings',
    '/api/external-sources',
    '/api/share-mode',
    '/api/share-links',
    '/api/dashboard/metrics',
    '/api/mediamtx/version/rollback/status',
  ]),
  ...each('POST', 'login', [
    '/change_password',
    '/validate_yaml',
    '/api/test/upload',
    '/api/test/delete/<f>',
    '/api/test/optimize/<f>',
    '/api/test/stream/start/<f>',
    '/api/test/stream/stop',
    '/api/public-access/toggle',
    '/api/teststream-viewer/toggle',
    '/api/srt-passphrase/toggle',
    '/api/protocols/toggle',
    '/api/recordings/settings',
    '/api/recordings/delete/<f>',
    '/api/share-mode',
    '/api/share-links/generate',
  ]),

  // admin_required
  ...each('GET', 'admin', [
    '/api/webeditor/users',
    '/api/webeditor/registration/status',
    '/api/webeditor/registrations/count',
    '/api/webeditor/registrations/pending',
    '/api/webeditor/email/config',
    '/api/update/check',
    '/api/webeditor/backups',
    '/api/firewall/rules',
    '/api/mediamtx/version/check',
  ]),
  ...each('POST', 'admin', [
    '/api/webeditor/users/add',
    '/api/webeditor/users/delete',
    '/api/webeditor/users/update',
    '/api/webeditor/registration/toggle',
    '/api/webeditor/registrations/approve',
    '/api/webeditor/registrations/deny',
    '/api/webeditor/email/config',
    '/api/webeditor/email/test',
    '/api/mediamtx/users/add',
    '/api/mediamtx/users/update',
    '/api/mediamtx/users/revoke',
    '/save_basic',
    '/save_protocols',
    '/save_hls',
    '/save_yaml',
    '/service/<action>',
    '/backup',
    '/restore/<name>',
    '/api/update/apply',
    '/api/webeditor/rollback',
    '/api/firewall/add',
    '/api/firewall/remove',
    '/api/mediamtx/version/upgrade',
    '/api/mediamtx/version/test',
    '/api/mediamtx/version/rollback',
    '/api/theme/settings',
    '/api/theme/logo',
    '/api/theme/logo/remove',
    '/api/external-sources/add',
    '/api/external-sources/delete',
    '/api/external-sources/toggle',
    '/api/external-sources/switch-mode',
    '/api/external-sources/edit',
    '/api/ku-band-simulator/on',
    '/api/ku-band-simulator/on-for-source',
    '/api/ku-band-simulator/off',
    '/api/share-links/revoke',
  ]),
];

/** The HTML tabs of the console, in sidebar order; a viewer gets only `streams`. */
export const EDITOR_TABS = [
  'dashboard',
  'logs',
  'streams',
  'test',
  'recordings',
  'sources',
  'basic',
  'users',
  'protocols',
  'hls',
  'advanced',
  'service',
  'versions',
  'firewall',
  'account',
  'styling',
  'webusers',
] as const;
