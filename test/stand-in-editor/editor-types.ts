import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { EditorRole, EditorSession, SessionSigner } from './session-cookie.ts';

export type EditorUser = { username: string; password: string; role: EditorRole };

/** Everything the editor keeps between requests (on disk, for the real one). */
export type EditorState = {
  mediamtxApiUrl: string;
  hlsBaseUrl?: string;
  users: EditorUser[];
  hlsViewerPassword: string;
  groupNames: Record<string, string>;
  signer: SessionSigner;
  files: Map<string, Buffer>;
  shareLinks: Map<string, { stream: string; expires: number | null }>;
  shareModes: Map<string, 'private' | 'public'>;
  counters: { logins: number; loginAttempts: number };
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
