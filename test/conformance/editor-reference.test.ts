/**
 * Opt-in: EDITOR_ROUTES against the "Routes" section of our reference notes on the vanilla editor
 * (the markdown VANILLA_EDITOR_REFERENCE names). The notes give methods for a few routes only; the
 * real editor (test/real-editor/editor-routes.test.ts) is the stronger check. Says so when skipped.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDITOR_ROUTES } from '../stand-in-editor/routes.ts';
import { routesNamedInReference, samePattern } from './reference-routes.ts';

const REFERENCE_ENV = 'VANILLA_EDITOR_REFERENCE';
const file = process.env[REFERENCE_ENV] || null;
if (!file)
  console.info(
    `test/conformance/editor-reference skipped: set ${REFERENCE_ENV} to the vanilla editor reference notes (markdown with a "## Routes" section) to run it`,
  );

describe.skipIf(!file)('the editor routes we list', () => {
  it('are exactly the routes the reference names, with the same guards', () => {
    const named = routesNamedInReference(readFileSync(file!, 'utf8'));
    const matches = (r: (typeof named)[number], e: (typeof EDITOR_ROUTES)[number]) =>
      samePattern(e.pattern, r.pattern) && e.guard === r.guard && (!r.method || r.method === e.method);
    expect(named.filter((r) => !EDITOR_ROUTES.some((e) => matches(r, e)))).toEqual([]);
    expect(EDITOR_ROUTES.filter((e) => !named.some((r) => matches(r, e))).map((e) => e.path)).toEqual([]);
  });
});
