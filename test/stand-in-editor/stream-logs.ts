import type { EditorHandler } from './editor-types.ts';

const LOG_LINES = [
  'INF MediaMTX v1.20.1',
  'INF [RTSP] listener opened on :8554 (TCP), :8000 (UDP/RTP), :8001 (UDP/RTCP)',
  'INF [RTMP] listener opened on :1935',
  'INF [HLS] listener opened on 127.0.0.1:8888',
  'INF [WebRTC] listener opened on :8889 (HTTP), :8189 (ICE/UDP)',
  'INF [SRT] listener opened on :8890 (UDP)',
  'INF [API] listener opened on 127.0.0.1:9898',
  'INF [path teststream] ready: 1 track (H264)',
];
export const STREAM_LOG_INTERVAL_MS = 200;

/**
 * GET /stream_logs: Server-Sent Events, like the editor's `journalctl -f` relay. The first
 * event is sent at once and the stream ends after ~1.5 s, so a test can tell an event stream
 * that is relayed as it comes from one that is buffered until the end.
 */
export const streamLogs: EditorHandler = ({ c }) => {
  let timer: NodeJS.Timeout | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder();
      let sent = 0;
      const sendNext = () => {
        const line = `${new Date().toISOString().replace('T', ' ').slice(0, 19)} ${LOG_LINES[sent]}`;
        controller.enqueue(encoder.encode(`data: ${line}\n\n`));
        sent += 1;
        if (sent < LOG_LINES.length) timer = setTimeout(sendNext, STREAM_LOG_INTERVAL_MS);
        else timer = setTimeout(() => controller.close(), STREAM_LOG_INTERVAL_MS / 2);
      };
      sendNext();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return c.body(body, 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
};
