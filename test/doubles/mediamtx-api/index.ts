export { startMediamtxApi } from './mediamtx-api-double.ts';
export { responseSchemaName, SPEC_PATH, validateAgainstSpec, validateResponse } from './spec-validator.ts';
export type {
  FakePath, FakeSession, FakeSessionInput, FakeTrackCodec, MediamtxApiDouble, MediamtxApiOptions,
  PathReaderType, PathSourceType, RecordedRequest, SessionKind,
} from './types.ts';
export { SESSION_KINDS } from './types.ts';
