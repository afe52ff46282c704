// GET /api/streams, built the way the editor builds it: list the paths, then get each one,
// always with Basic `any:` against the MediaMTX API.

export type ActiveStream = {
  name: string;
  readers: number;
  ready: boolean;
  publisher_group: string;
  publisher_username: string;
  source_type: string | null;
  reader_breakdown: Record<string, number>;
  hls_url: string;
  share_mode: 'private' | 'public';
};

export type ActiveStreamsResult = { streams: ActiveStream[]; error?: string };

export type ActiveStreamsOptions = {
  mediamtxApiUrl: string;
  /** Unset: HLS bound to localhost, URLs go through `/hls-proxy/`. Else `<base>/<name>/index.m3u8`. */
  hlsBaseUrl?: string;
  /** The editor's group_names.json: MediaMTX user -> group label. */
  groupNames: Record<string, string>;
  shareModes: Map<string, 'private' | 'public'>;
};

type ApiPath = { name: string; ready: boolean; source: { type: string; id: string } | null; readers: Array<{ type: string }> };

const AUTH = `Basic ${Buffer.from('any:').toString('base64')}`;

const READER_LABELS: Record<string, string> = {
  hlsSession: 'HLS',
  webRTCSession: 'WebRTC',
  rtspSession: 'RTSP',
  rtspConn: 'RTSP',
  rtspsSession: 'RTSPS',
  rtspsConn: 'RTSPS',
  rtmpConn: 'RTMP',
  rtmpsConn: 'RTMPS',
  srtConn: 'SRT',
  moqSession: 'MoQ',
  hidden: 'Other',
};

// A Path carries no user: the publisher's user is only in the session list of its source.
const SESSION_LIST_OF_SOURCE: Record<string, string> = {
  rtspSession: 'rtspsessions',
  rtspsSession: 'rtspssessions',
  rtmpConn: 'rtmpconns',
  srtConn: 'srtconns',
  webRTCSession: 'webrtcsessions',
};

/** Which path names the Active Streams table never shows: `all` and `live/*`, per the reference. */
export function isHiddenFromActiveStreams(name: string): boolean {
  return name === 'all' || name.startsWith('live/');
}

async function getJson<T>(apiUrl: string, path: string): Promise<T> {
  const res = await fetch(apiUrl + path, { headers: { authorization: AUTH }, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`MediaMTX API ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function listActiveStreams(opts: ActiveStreamsOptions): Promise<ActiveStreamsResult> {
  try {
    const list = await getJson<{ items: Array<{ name: string }> }>(opts.mediamtxApiUrl, '/v3/paths/list');
    const paths: ApiPath[] = [];
    for (const { name } of list.items) {
      if (isHiddenFromActiveStreams(name)) continue;
      paths.push(await getJson<ApiPath>(opts.mediamtxApiUrl, `/v3/paths/get/${encodeURI(name)}`));
    }
    const live = paths.filter((p) => p.ready || p.source !== null);
    const publishers = await publisherUsers(opts.mediamtxApiUrl, live);
    return { streams: live.map((p) => toStream(p, publishers.get(p.source?.id ?? '') ?? '', opts)) };
  } catch (err) {
    return { streams: [], error: err instanceof Error ? err.message : String(err) };
  }
}

async function publisherUsers(apiUrl: string, paths: ApiPath[]): Promise<Map<string, string>> {
  const users = new Map<string, string>();
  const lists = new Set(paths.map((p) => SESSION_LIST_OF_SOURCE[p.source?.type ?? '']).filter((k) => k !== undefined));
  for (const list of lists) {
    const sessions = await getJson<{ items: Array<{ id: string; user: string }> }>(apiUrl, `/v3/${list}/list`);
    for (const s of sessions.items) users.set(s.id, s.user);
  }
  return users;
}

function toStream(p: ApiPath, publisher: string, opts: ActiveStreamsOptions): ActiveStream {
  const breakdown: Record<string, number> = {};
  for (const r of p.readers) {
    const label = READER_LABELS[r.type] ?? r.type;
    breakdown[label] = (breakdown[label] ?? 0) + 1;
  }
  return {
    name: p.name,
    readers: p.readers.length,
    ready: p.ready,
    publisher_group: opts.groupNames[publisher] ?? '',
    publisher_username: publisher,
    source_type: p.source?.type ?? null,
    reader_breakdown: breakdown,
    hls_url: opts.hlsBaseUrl ? `${opts.hlsBaseUrl}/${p.name}/index.m3u8` : `/hls-proxy/${p.name}/index.m3u8`,
    share_mode: opts.shareModes.get(p.name) ?? 'private',
  };
}
