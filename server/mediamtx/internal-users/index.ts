export { Argon2Verifier } from './argon2.ts';
export { matchInternalUser } from './evaluate.ts';
export { InternalUsersDocumentError, compileInternalUsers, parseInternalUsers, readInternalUsersDocument } from './parse.ts';
export type { ParseOptions } from './parse.ts';
export type { AuthAction, InternalAuthRequest, InternalMatch, InternalUser, ParsedInternalUsers } from './types.ts';
export { watchInternalUsers } from './watch.ts';
export type { InternalUsersWatch, WatchInternalUsersOptions } from './watch.ts';
