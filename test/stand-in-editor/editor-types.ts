import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { EditorRole, EditorSession, SessionSigner } from './session-cookie.ts';

/** `systemctl is-active` answers the editor maps: active, activating, anything else (stopped). */
export type ServiceState = 'active' | 'activating' | 'inactive';

export type EditorUser = { username: string; password: string; role: EditorRole };

/** Everything the editor keeps between requests (on disk, for the real one). */
export type EditorState = {
  mediamtxApiUrl: string;
  hlsBaseUrl?: string;
  users: EditorUser[];
  hlsViewerPassword: string;
  /** mediamtx.yml as GET /get_yaml serves it; the saving routes (config-handlers.ts) change it. */
  config: string;
  groupNames: Record<string, string>;
  signer: SessionSigner;
  files: Map<string, Buffer>;
  shareLinks: Map<string, { stream: string; expires: number | null }>;
  shareModes: Map<string, 'private' | 'public'>;
  counters: { logins: number; loginAttempts: number };
  /** What `systemctl is-active mediamtx` would say; GET /api/status words it. */
  service: { state: ServiceState };
  /** Benchmarks only: the JSON GET /api/streams answers instead of asking MediaMTX (see StandInEditorOptions.fixedStreams). */
  fixedStreamsJson?: string;
};

export type EditorContext = Context<{ Bindings: HttpBindings }>;

export type EditorRequest = {
  c: EditorContext;
  /** The path as Werkzeug routed it (see werkzeugPath). */
  path: string;
  params: Record<string, string>;
  session: EditorSession | null;
  state: EditorState;
};

export type EditorHandler = (req: EditorRequest) => Response | Promise<Response>;
