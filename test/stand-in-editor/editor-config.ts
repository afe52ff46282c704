import { stringify } from 'yaml';
import { internalUsersNow, SAMPLE_LAYOUT } from './config-handlers.ts';
import type { EditorState } from './editor-types.ts';

// What the editor reads from /usr/local/etc/mediamtx.yml. It serves this file unredacted
// (GET /get_yaml, /api/mediamtx/users), which is why the overlay must guard those routes.

export function internalUsers(state: Pick<EditorState, 'hlsViewerPassword'>) {
  return [
    { user: 'any', pass: '', ips: ['127.0.0.1', '::1'], permissions: [{ action: 'publish' }, { action: 'read' }, { action: 'api' }] },
    { user: 'hlsviewer', pass: state.hlsViewerPassword, ips: [], permissions: [{ action: 'read' }] },
    { user: 'any', pass: '', ips: [], permissions: [{ action: 'read', path: 'teststream' }] },
  ];
}

/** The file the editor starts with (the state's `config` until a save changes it). */
export function mediamtxYaml(state: Omit<EditorState, 'config'>): string {
  return stringify(
    {
      logLevel: 'info',
      authMethod: 'internal',
      authInternalUsers: internalUsers(state),
      authHTTPAddress: null,
      authHTTPExclude: [{ action: 'api' }, { action: 'metrics' }, { action: 'pprof' }],
      api: true,
      apiAddress: '127.0.0.1:9898',
      hls: true,
      hlsAddress: '127.0.0.1:8888',
      paths: { teststream: { source: 'publisher' }, all_others: null },
    },
    SAMPLE_LAYOUT,
  );
}

/** GET /api/mediamtx/users: the internal users with their passwords, plus group labels, from the file as saved. */
export function mediamtxUsersView(state: EditorState) {
  return {
    users: internalUsersNow(state).map((u) => ({ ...u, group: state.groupNames[u.user] ?? (u.user === 'hlsviewer' ? 'HLS PLAYER' : '') })),
  };
}
