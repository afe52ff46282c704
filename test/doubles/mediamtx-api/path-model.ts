import { randomUUID } from 'node:crypto';
import type { FakePath, FakeSession, FakeTrackCodec, PathReaderType, PathSourceType } from './types.ts';
import { READER_TYPE_OF_KIND } from './session-model.ts';

/** A path as the double keeps it; readers that are sessions live in the session lists. */
export type PathState = {
  name: string;
  confName: string;
  ready: boolean;
  readyTime: string | null;
  source: { type: PathSourceType; id: string } | null;
  /** Readers with no session list of their own (rtspConn, hidden, moqSession, ...). */
  otherReaders: Array<{ type: PathReaderType; id: string }>;
  tracks: FakeTrackCodec[];
  inboundBytes: number;
  outboundBytes: number;
};

export function pathStateFrom(p: FakePath): PathState {
  const ready = p.ready ?? true;
  const sourceType = p.sourceType === undefined ? (ready ? 'rtspSession' : null) : p.sourceType;
  return {
    name: p.name,
    confName: p.confName ?? 'all_others',
    ready,
    readyTime: ready ? new Date().toISOString() : null,
    // Static sources (rtspSource, ...) have no session, and MediaMTX reports their id as "".
    source: sourceType === null ? null : { type: sourceType, id: isSessionSource(sourceType) ? randomUUID() : '' },
    otherReaders: [],
    tracks: p.tracks ?? (ready ? ['H264'] : []),
    inboundBytes: p.inboundBytes ?? (ready ? 1_048_576 : 0),
    outboundBytes: p.outboundBytes ?? 0,
  };
}

function isSessionSource(t: PathSourceType): boolean {
  return ['rtspSession', 'rtspsSession', 'rtmpConn', 'rtmpsConn', 'srtConn', 'webRTCSession', 'moqSession'].includes(t);
}

/** What happens to a path when its publisher goes away: it stays listed, without a stream. */
export function dropPublisher(p: PathState): void {
  p.source = null;
  p.ready = false;
  p.readyTime = null;
  p.tracks = [];
}

const CODEC_PROPS: Record<FakeTrackCodec, Record<string, unknown>> = {
  H264: { width: 1920, height: 1080, profile: 'High', level: '4.1' },
  H265: { width: 1920, height: 1080, profile: 'Main', level: '4.1' },
  Opus: { channelCount: 2 },
  'MPEG-4 Audio': { sampleRate: 48000, channelCount: 2 },
};

/** The spec `Path` object; `sessions` are all live sessions (readers are derived from them). */
export function pathToApi(p: PathState, sessions: Iterable<FakeSession>): Record<string, unknown> {
  const readers: Array<{ type: PathReaderType; id: string }> = [...p.otherReaders];
  for (const s of sessions) {
    if (s.path === p.name && s.state === 'read') readers.push({ type: READER_TYPE_OF_KIND[s.kind], id: s.id });
  }
  return {
    name: p.name,
    confName: p.confName,
    source: p.source && { ...p.source },
    ready: p.ready,
    readyTime: p.readyTime,
    available: p.ready,
    availableTime: p.readyTime,
    online: p.ready,
    onlineTime: p.readyTime,
    tracks: [...p.tracks],
    tracks2: p.tracks.map((codec) => ({ codec, codecProps: { ...CODEC_PROPS[codec] } })),
    inboundBytes: p.inboundBytes,
    inboundFramesInError: 0,
    outboundBytes: p.outboundBytes,
    readers,
    bytesReceived: p.inboundBytes,
    bytesSent: p.outboundBytes,
  };
}

/** Go's sort.Strings order (byte-wise), which is what MediaMTX uses for lists. */
export function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
