// Input and state shapes of the MediaMTX API double. The JSON it serves is built in
// path-model.ts / session-model.ts in the exact shapes of the v1.20.1 OpenAPI spec.

/** `components.schemas.PathSourceType` of the spec. */
export type PathSourceType =
  | 'hlsSource'
  | 'redirect'
  | 'rpiCameraSource'
  | 'rtmpConn'
  | 'rtmpsConn'
  | 'rtmpSource'
  | 'rtspSession'
  | 'rtspSource'
  | 'rtspsSession'
  | 'srtConn'
  | 'srtSource'
  | 'mpegtsSource'
  | 'rtpSource'
  | 'webRTCSession'
  | 'webRTCSource'
  | 'moqSource'
  | 'moqSession';

/** `components.schemas.PathReaderType` of the spec. */
export type PathReaderType =
  'hlsSession' | 'rtmpConn' | 'rtmpsConn' | 'rtspConn' | 'rtspSession' | 'rtspsConn' | 'rtspsSession' | 'srtConn' | 'webRTCSession' | 'moqSession' | 'hidden';

/** Codecs the double knows how to describe in `tracks2[].codecProps`. */
export type FakeTrackCodec = 'H264' | 'H265' | 'Opus' | 'MPEG-4 Audio';

/** The session lists served under `/v3/<kind>/{list,get,kick}`. */
export type SessionKind = 'hlssessions' | 'rtspsessions' | 'rtspssessions' | 'webrtcsessions' | 'rtmpconns' | 'srtconns';

export const SESSION_KINDS: readonly SessionKind[] = ['hlssessions', 'rtspsessions', 'rtspssessions', 'webrtcsessions', 'rtmpconns', 'srtconns'];

/** Small description of an instantiated path; expanded into a full spec `Path`. */
export type FakePath = {
  name: string;
  /** Default true. */
  ready?: boolean;
  /** Default `all_others`, the catch-all path configuration of the stock config. */
  confName?: string;
  /**
   * Default: `rtspSession` when ready, `null` (no publisher) otherwise. A session-backed type
   * (rtspSession, rtspsSession, rtmpConn, srtConn, webRTCSession) also creates the publishing
   * session in the matching session list, because the API only exposes the publisher's user there.
   */
  sourceType?: PathSourceType | null;
  /** User of the publishing session (MediaMTX reports `""` for anonymous). */
  publisherUser?: string;
  /** Anonymous readers by type; session-backed types also appear in the session lists. */
  readers?: Partial<Record<PathReaderType, number>>;
  /** Default `['H264']` when ready, none otherwise. */
  tracks?: FakeTrackCodec[];
  inboundBytes?: number;
  outboundBytes?: number;
};

/** What a test passes to `addSession`. */
export type FakeSessionInput = {
  /** Default: a random UUID (the spec declares session ids as `format: uuid`). */
  id?: string;
  path: string;
  /** Default `""`, MediaMTX's value for an anonymous client. */
  user?: string;
  /** Default `read`. HLS sessions have no state in the API but still count as readers. */
  state?: 'read' | 'publish';
  remoteAddr?: string;
  query?: string;
  userAgent?: string;
};

/** A live session record kept by the double. */
export type FakeSession = Required<Omit<FakeSessionInput, 'state'>> & {
  kind: SessionKind;
  state: 'read' | 'publish';
  created: string;
  /** Created by `setPaths` (regenerated on every call) rather than by the test. */
  fromPath: boolean;
};

export type RecordedRequest = {
  method: string;
  /** Pathname only, percent-encoding preserved. */
  path: string;
  /** Raw query string without `?` ("" when absent). */
  query: string;
  authorization?: string;
  /** The raw request body, when there was one (PATCH/POST). */
  body?: string;
};

export type MediamtxApiOptions = {
  paths?: FakePath[];
  /** When true, every request needs Basic credentials (default `any:`), else 401. */
  requireAuth?: boolean;
  /** Listen on this port of 127.0.0.1 (a peer with a hard-coded API address); default: any free one. */
  port?: number;
  credentials?: { user: string; pass: string };
  /** Password of the stock `hlsviewer` internal user (default random); the API redacts it. */
  hlsViewerPass?: string;
};

export type MediamtxApiDouble = {
  url: string;
  port: number;
  /** Replaces every path (and the sessions generated from paths; added sessions stay). */
  setPaths(paths: FakePath[]): void;
  /** Adds a session; returns its id. A reading session on an existing path becomes a reader. */
  addSession(kind: SessionKind, session: FakeSessionInput): string;
  /** Live session records by kind, keyed by id. */
  sessions: Record<SessionKind, Map<string, FakeSession>>;
  /** Every successful `POST /v3/<kind>/kick/<id>`, in order. */
  kicks: Array<{ kind: SessionKind; id: string }>;
  /** Every request received, in order, including rejected ones. */
  requests: RecordedRequest[];
  /** Current global configuration (after PATCHes), as stored (passwords unredacted). */
  globalConfig(): Record<string, unknown>;
  stop(): Promise<void>;
};
