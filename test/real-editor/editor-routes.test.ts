/**
 * Opt-in: EDITOR_ROUTES (test/stand-in-editor/routes.ts), the one list of the editor's routes the
 * stand-in serves and the overlay's route tests walk, against the real editor's Flask app: every
 * rule with its methods and its guard (admin_required, login_required or none), and nothing else.
 * Runs only when MEDIAMTX_EDITOR_PY names a copy of mediamtx_config_editor.py; says so otherwise.
 */
import { describe, expect, it } from 'vitest';
import { REAL_EDITOR_ENV, realEditorFile, realEditorRoutes } from '../harness/real-editor.ts';
import { EDITOR_ROUTES } from '../stand-in-editor/routes.ts';

const file = realEditorFile();
if (!file) console.info(`test/real-editor/editor-routes skipped: set ${REAL_EDITOR_ENV} to a copy of mediamtx_config_editor.py to run it`);

/** `GET /restore/<> admin`: parameter names aside (ours are shorter), but `<path:…>` kept, which spans slashes. */
const key = (method: string, rule: string, guard: string) =>
  `${method} ${rule.replace(/<(?:(\w+):)?\w+>/g, (_, converter: string | undefined) => `<${converter ? `${converter}:` : ''}>`)} ${guard}`;

describe.skipIf(!file)("the editor routes we list are the real editor's", () => {
  it('every rule, method and guard of the real editor, and no other', async () => {
    const real = (await realEditorRoutes(file!)).flatMap((r) => r.methods.map((method) => key(method, r.rule, r.guard)));
    const ours = EDITOR_ROUTES.map((r) => key(r.method, r.pattern, r.guard));
    expect(real.length).toBeGreaterThan(90);
    expect({ missing: real.filter((k) => !ours.includes(k)), notInTheEditor: ours.filter((k) => !real.includes(k)) }).toEqual({
      missing: [],
      notInTheEditor: [],
    });
  }, 60_000);
});
