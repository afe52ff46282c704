export { startMediamtxApi } from './mediamtx-api-double.ts';
export { answerProblems, answerSchema } from './answer-schemas.ts';
export type {
  FakePath,
  FakeSession,
  FakeSessionInput,
  FakeTrackCodec,
  MediamtxApiDouble,
  MediamtxApiOptions,
  PathReaderType,
  PathSourceType,
  RecordedRequest,
  SessionKind,
} from './types.ts';
export { SESSION_KINDS } from './types.ts';
