/**
 * `authInternalUsers` from a mediamtx.yml text. Two entry points:
 * - parseInternalUsers never throws: a document that is not valid YAML yields no users (closed);
 * - readInternalUsersDocument throws InternalUsersDocumentError for that case, so a file watcher
 *   can keep the last good users instead.
 */
import { parseDocument } from 'yaml';
import type { Argon2Verifier } from './argon2.ts';
import { DEFAULTS_NOTICE, MEDIAMTX_DEFAULT_INTERNAL_USERS } from './defaults.ts';
import { compileEntry } from './entry.ts';
import { isMapping, readFields } from './fields.ts';
import type { InternalUser, ParsedInternalUsers } from './types.ts';

export class InternalUsersDocumentError extends Error {
  override name = 'InternalUsersDocumentError';
}

export interface ParseOptions {
  /** Defaults to one process-wide verifier, so its cache survives reloads. */
  verifier?: Argon2Verifier;
}

export function compileInternalUsers(list: readonly unknown[], options: ParseOptions = {}): ParsedInternalUsers {
  const users: InternalUser[] = [];
  const problems: string[] = [];
  list.forEach((raw, index) => {
    try {
      const compiled = compileEntry(raw, index, options.verifier);
      if (compiled.user) users.push(compiled.user);
      problems.push(...compiled.problems);
    } catch (error) {
      problems.push(`authInternalUsers[${index}]: could not be compiled (${(error as Error).message}); entry skipped`);
    }
  });
  return { users, problems };
}

function documentRoot(yamlText: string): Record<string, unknown> {
  // MediaMTX's YAML reader (goccy/go-yaml) resolves `<<` merge keys; one document only.
  const document = parseDocument(yamlText, { merge: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new InternalUsersDocumentError(`invalid YAML: ${document.errors[0]!.message.split('\n')[0]}`);
  }
  let root: unknown;
  try {
    root = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new InternalUsersDocumentError(`invalid YAML: ${(error as Error).message}`);
  }
  // MediaMTX would read an empty file as "all defaults"; here it is far likelier a half-written file.
  if (root === null || root === undefined) throw new InternalUsersDocumentError('the configuration is empty');
  if (!isMapping(root)) throw new InternalUsersDocumentError('the configuration is not a YAML mapping');
  return root;
}

export function readInternalUsersDocument(yamlText: string, options: ParseOptions = {}): ParsedInternalUsers {
  const root = documentRoot(yamlText);
  const { fields } = readFields(root, ['authInternalUsers'] as const);
  if (!fields.has('authInternalUsers')) {
    const defaults = compileInternalUsers(MEDIAMTX_DEFAULT_INTERNAL_USERS, options);
    return { users: defaults.users, problems: [DEFAULTS_NOTICE, ...defaults.problems] };
  }
  const list = fields.get('authInternalUsers');
  if (list === null) {
    return { users: [], problems: ['authInternalUsers is empty (null), which MediaMTX refuses to load; no internal users apply'] };
  }
  if (!Array.isArray(list)) {
    return { users: [], problems: ['authInternalUsers must be a list; no internal users apply'] };
  }
  return compileInternalUsers(list, options);
}

export function parseInternalUsers(yamlText: string, options: ParseOptions = {}): ParsedInternalUsers {
  try {
    return readInternalUsersDocument(yamlText, options);
  } catch (error) {
    if (!(error instanceof InternalUsersDocumentError)) throw error;
    return { users: [], problems: [`${error.message}; no internal users apply`] };
  }
}
