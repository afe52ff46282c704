/** docs/configuration.md is generated from the variables table; the committed copy must be what the script prints. */
import { describe, expect, it } from 'vitest';
import { VARIABLES } from '../../server/config/variables.ts';
import { COMPOSE_VARIABLES } from '../../scripts/env-example/compose-variables.ts';
import { CONFIGURATION_DOC, renderConfigurationDoc } from '../../scripts/config-table/render.ts';
import { readRepoFile } from './tools.ts';

describe('docs/configuration.md', () => {
  it('is exactly what `npm run config-table` prints (run `npm run -s config-table > docs/configuration.md` after changing a variable)', () => {
    expect(readRepoFile(CONFIGURATION_DOC)).toBe(renderConfigurationDoc());
  });

  it('has one row per variable of the table and per compose-only one, in their order', () => {
    const names = [...readRepoFile(CONFIGURATION_DOC).matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
    expect(names).toEqual([...VARIABLES, ...COMPOSE_VARIABLES].map((v) => v.name));
  });

  it('is the only configuration table: README.md points at it instead of holding a copy', () => {
    const readme = readRepoFile('README.md');
    expect(readme).toContain('docs/configuration.md');
    expect(readme).not.toMatch(/^\| `[A-Z][A-Z0-9_]*` \|/m);
  });
});
