import { randomUUID } from 'node:crypto';
import type { FakeSession, FakeSessionInput, PathReaderType, PathSourceType, SessionKind } from './types.ts';

/** How a session of each list shows up in a path's `readers` / `source`. */
export const READER_TYPE_OF_KIND: Record<SessionKind, PathReaderType> = {
  hlssessions: 'hlsSession',
  rtspsessions: 'rtspSession',
  rtspssessions: 'rtspsSession',
  webrtcsessions: 'webRTCSession',
  rtmpconns: 'rtmpConn',
  srtconns: 'srtConn',
};

/** Source types whose publisher is a session the API lists (HLS sessions never publish). */
export const KIND_OF_SOURCE_TYPE: Partial<Record<PathSourceType, SessionKind>> = {
  rtspSession: 'rtspsessions',
  rtspsSession: 'rtspssessions',
  webRTCSession: 'webrtcsessions',
  rtmpConn: 'rtmpconns',
  srtConn: 'srtconns',
};

export const KIND_OF_READER_TYPE: Partial<Record<PathReaderType, SessionKind>> = Object.fromEntries(
  Object.entries(READER_TYPE_OF_KIND).map(([kind, type]) => [type, kind as SessionKind]),
);

export function createSession(kind: SessionKind, input: FakeSessionInput, fromPath = false): FakeSession {
  return {
    kind,
    id: input.id ?? randomUUID(),
    path: input.path,
    user: input.user ?? '',
    state: input.state ?? 'read',
    remoteAddr: input.remoteAddr ?? '127.0.0.1:50000',
    query: input.query ?? '',
    userAgent: input.userAgent ?? '',
    created: new Date().toISOString(),
    fromPath,
  };
}

const zeros = (names: string[]): Record<string, number> => Object.fromEntries(names.map((n) => [n, 0]));

// SRTConn carries the whole libsrt statistics block; MediaMTX serialises every counter.
const SRT_INTEGER_COUNTERS = [
  'byteMSS',
  'bytesAvailReceiveBuf',
  'bytesAvailSendBuf',
  'bytesReceiveBuf',
  'bytesReceived',
  'bytesReceivedBelated',
  'bytesReceivedDrop',
  'bytesReceivedLoss',
  'bytesReceivedRetrans',
  'bytesReceivedUndecrypt',
  'bytesReceivedUnique',
  'bytesRetrans',
  'bytesSendBuf',
  'bytesSendDrop',
  'bytesSent',
  'bytesSentUnique',
  'msReceiveBuf',
  'msReceiveTsbPdDelay',
  'msSendBuf',
  'msSendTsbPdDelay',
  'outboundFramesDiscarded',
  'packetsFlightSize',
  'packetsFlowWindow',
  'packetsReceiveBuf',
  'packetsReceived',
  'packetsReceivedACK',
  'packetsReceivedAvgBelatedTime',
  'packetsReceivedBelated',
  'packetsReceivedDrop',
  'packetsReceivedKM',
  'packetsReceivedLoss',
  'packetsReceivedNAK',
  'packetsReceivedRetrans',
  'packetsReceivedUndecrypt',
  'packetsReceivedUnique',
  'packetsReorderTolerance',
  'packetsRetrans',
  'packetsSendBuf',
  'packetsSendDrop',
  'packetsSendLoss',
  'packetsSent',
  'packetsSentACK',
  'packetsSentKM',
  'packetsSentNAK',
  'packetsSentUnique',
  'usSndDuration',
];
const SRT_RATES = [
  'mbpsLinkCapacity',
  'mbpsMaxBW',
  'mbpsReceiveRate',
  'mbpsSendRate',
  'msRTT',
  'packetsReceivedLossRate',
  'packetsSendLossRate',
  'usPacketsSendPeriod',
];

const RTSP_COUNTERS = [
  'inboundBytes',
  'inboundRTPPackets',
  'inboundRTPPacketsLost',
  'inboundRTPPacketsInError',
  'inboundRTPPacketsJitter',
  'inboundRTCPPackets',
  'inboundRTCPPacketsInError',
  'outboundBytes',
  'outboundRTPPackets',
  'outboundRTPPacketsReportedLost',
  'outboundRTPPacketsDiscarded',
  'outboundRTCPPackets',
  // deprecated aliases, still serialised by v1.20
  'bytesReceived',
  'bytesSent',
  'rtpPacketsReceived',
  'rtpPacketsSent',
  'rtpPacketsLost',
  'rtpPacketsInError',
  'rtpPacketsJitter',
  'rtcpPacketsReceived',
  'rtcpPacketsSent',
  'rtcpPacketsInError',
];

const WEBRTC_COUNTERS = [
  'inboundBytes',
  'inboundRTPPackets',
  'inboundRTPPacketsLost',
  'inboundRTPPacketsJitter',
  'inboundRTCPPackets',
  'outboundBytes',
  'outboundRTPPackets',
  'outboundRTCPPackets',
  'outboundFramesDiscarded',
  'bytesReceived',
  'bytesSent',
  'rtpPacketsReceived',
  'rtpPacketsSent',
  'rtpPacketsLost',
  'rtpPacketsJitter',
  'rtcpPacketsReceived',
  'rtcpPacketsSent',
];

/** The session as `GET /v3/<kind>/get/<id>` returns it (HLSSession, RTSPSession, ...). */
export function sessionToApi(s: FakeSession): Record<string, unknown> {
  const common = { id: s.id, created: s.created, remoteAddr: s.remoteAddr, path: s.path, query: s.query, user: s.user };
  switch (s.kind) {
    case 'hlssessions':
      return { ...common, userAgent: s.userAgent, isCDN: false, outboundBytes: 0 };
    case 'rtspsessions':
    case 'rtspssessions':
      return {
        ...common,
        userAgent: s.userAgent,
        state: s.state,
        transport: 'TCP',
        profile: 'AVP',
        conns: [connIdOf(s)],
        ...zeros(RTSP_COUNTERS),
      };
    case 'webrtcsessions':
      return {
        ...common,
        userAgent: s.userAgent,
        state: s.state,
        peerConnectionEstablished: true,
        localCandidate: 'host/udp/127.0.0.1/8189',
        remoteCandidate: `host/udp/${s.remoteAddr}`,
        ...zeros(WEBRTC_COUNTERS),
      };
    case 'rtmpconns':
      return {
        ...common,
        userAgent: s.userAgent,
        state: s.state,
        inboundBytes: 0,
        outboundBytes: 0,
        outboundFramesDiscarded: 0,
        bytesReceived: 0,
        bytesSent: 0,
      };
    case 'srtconns':
      return { ...common, state: s.state, ...zeros(SRT_INTEGER_COUNTERS), ...zeros(SRT_RATES) };
  }
}

// The RTSP session's TCP connection id, derived from the session id so it is stable across calls.
function connIdOf(s: FakeSession): string {
  return `${s.id.slice(0, 24)}${'0'.repeat(12)}`;
}
