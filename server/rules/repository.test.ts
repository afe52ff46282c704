import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { openTempStore } from '../../test/harness/temp-store.ts';
import type { DocumentStore } from '../store/index.ts';
import { effectiveAccess } from './evaluate.ts';
import { createRulesRepository } from './repository.ts';
import type { RulePolicy } from './types.ts';

const policy: RulePolicy = { defaultGroups: ['vid_public'], adminGroups: ['vid_admin'], groupPrefix: 'vid_' };
const log = createLogger('silent');

/** The store, counting whole-document reads. */
function counting(documents: DocumentStore) {
  const counted = { reads: 0, documents: { ...documents } as DocumentStore };
  counted.documents.read = (name) => {
    counted.reads++;
    return documents.read(name);
  };
  return counted;
}

describe('rules repository writes', () => {
  let store: Awaited<ReturnType<typeof openTempStore>>;
  beforeAll(async () => {
    store = await openTempStore('rules-repo');
  });
  afterAll(async () => {
    await store?.remove();
  });

  it('edits the rules it holds without reading the document back while the store is at their version', async () => {
    const store_ = counting(store.documents);
    const repo = await createRulesRepository({ documents: store_.documents, policy, log });
    const readsAtStart = store_.reads;
    let version = repo.version();
    for (const path of ['live/a', 'live/b', 'live/*']) {
      const write = await repo.put({ path, groups: ['vid_x'] }, version, 'test');
      expect(write.ok).toBe(true);
      version = repo.version();
    }
    expect((await repo.remove('live/b', version, 'test')).ok).toBe(true);
    expect(store_.reads).toBe(readsAtStart);
    expect((await repo.list()).rules.map((r) => r.path)).toEqual(['live/a', 'live/*']);
    expect(repo.current().rules.map((r) => r.path)).toEqual(['live/a', 'live/*']);
  });

  it('still refuses a stale version, and edits what another instance stored, not what it held', async () => {
    const mine = await createRulesRepository({ documents: store.documents, policy, log });
    const other = await createRulesRepository({ documents: store.documents, policy, log });
    const held = mine.version();
    expect((await other.put({ path: 'live/other', groups: ['vid_o'] }, held, 'other')).ok).toBe(true);

    // Not polled yet: this instance still holds the old version.
    const stale = await mine.put({ path: 'live/mine', groups: ['vid_m'] }, held, 'me');
    expect(stale).toMatchObject({
      ok: false,
      reason: 'stale',
      current: { version: held + 1, rules: expect.arrayContaining([expect.objectContaining({ path: 'live/other' })]) },
    });
    expect(await mine.remove('live/other', held, 'me')).toMatchObject({ ok: false, reason: 'stale' });

    // A client that read the newer version edits on top of the other instance's write.
    const write = await mine.put({ path: 'live/mine', groups: ['vid_m'] }, held + 1, 'me');
    expect(write).toMatchObject({ ok: true, version: held + 2 });
    const stored = await other.list();
    expect(stored.rules.map((r) => r.path)).toEqual(expect.arrayContaining(['live/other', 'live/mine']));
    expect(effectiveAccess(mine.current(), 'live/other').groups).toEqual(['vid_o']);
    expect(effectiveAccess(mine.current(), 'live/mine').groups).toEqual(['vid_m']);
  });
});
