/** An embedded store in its own temp dir, for tests that need the real one. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../server/store/index.ts';

export async function openTempStore(prefix: string): Promise<Store & { remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const store = await openStore({ dataDir: dir });
  return Object.assign(store, {
    async remove() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  });
}
