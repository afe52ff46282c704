import { randomUUID } from 'node:crypto';
import { byName, dropPublisher, pathStateFrom, pathToApi, type PathState } from './path-model.ts';
import { createSession, KIND_OF_READER_TYPE, KIND_OF_SOURCE_TYPE } from './session-model.ts';
import { SESSION_KINDS, type FakePath, type FakeSession, type FakeSessionInput, type PathReaderType, type SessionKind } from './types.ts';

export type MediamtxState = ReturnType<typeof createMediamtxState>;

/** Paths and sessions kept coherent: readers and publishers of a path are sessions in the lists. */
export function createMediamtxState(initialPaths: FakePath[]) {
  const paths = new Map<string, PathState>();
  const sessions = Object.fromEntries(SESSION_KINDS.map((k) => [k, new Map<string, FakeSession>()])) as Record<SessionKind, Map<string, FakeSession>>;

  const allSessions = function* (): Generator<FakeSession> {
    for (const kind of SESSION_KINDS) yield* sessions[kind].values();
  };

  function setPaths(next: FakePath[]): void {
    paths.clear();
    for (const kind of SESSION_KINDS) {
      for (const [id, s] of sessions[kind]) if (s.fromPath) sessions[kind].delete(id);
    }
    for (const p of next) {
      const state = pathStateFrom(p);
      paths.set(p.name, state);
      const publisherKind = state.source && KIND_OF_SOURCE_TYPE[state.source.type];
      if (state.source && publisherKind) {
        const s = createSession(
          publisherKind,
          {
            id: state.source.id,
            path: p.name,
            user: p.publisherUser ?? '',
            state: 'publish',
          },
          true,
        );
        sessions[publisherKind].set(s.id, s);
      }
      for (const [type, count] of Object.entries(p.readers ?? {}) as Array<[PathReaderType, number]>) {
        const kind = KIND_OF_READER_TYPE[type];
        for (let i = 0; i < count; i++) {
          if (kind) {
            const s = createSession(kind, { path: p.name }, true);
            sessions[kind].set(s.id, s);
          } else {
            state.otherReaders.push({ type, id: randomUUID() });
          }
        }
      }
    }
  }

  function addSession(kind: SessionKind, input: FakeSessionInput): string {
    const s = createSession(kind, input);
    sessions[kind].set(s.id, s);
    return s.id;
  }

  /** Closes a session the way a kick does; a kicked publisher takes its path's stream with it. */
  function removeSession(kind: SessionKind, id: string): boolean {
    const s = sessions[kind].get(id);
    if (!s) return false;
    sessions[kind].delete(id);
    const path = paths.get(s.path);
    if (path?.source?.id === id) dropPublisher(path);
    return true;
  }

  function listPaths(): Array<Record<string, unknown>> {
    return [...paths.values()].sort(byName).map((p) => pathToApi(p, allSessions()));
  }

  function getPath(name: string): Record<string, unknown> | undefined {
    const p = paths.get(name);
    return p && pathToApi(p, allSessions());
  }

  setPaths(initialPaths);
  return { sessions, setPaths, addSession, removeSession, listPaths, getPath };
}
