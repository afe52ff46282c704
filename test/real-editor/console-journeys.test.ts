/**
 * Opt-in (`npm run test:real-editor`, MEDIAMTX_EDITOR_PY=<copy of mediamtx_config_editor.py>): the
 * browser journeys of test/e2e/journeys/ against the real editor 2.0.8 instead of our stand-in,
 * with the MediaMTX API double on the address the editor calls. Screenshots go to
 * test-results/real-editor-*.png. Without the variable (or with that port taken) they are skipped
 * and say why. One file, so the journeys run one after the other: they share that port.
 */
import { realEditorChoice } from '../e2e/console-stack.ts';
import { consoleShellJourney } from '../e2e/journeys/console-shell.ts';
import { streamAccessJourney } from '../e2e/journeys/stream-access.ts';

const { editor, skipped } = await realEditorChoice();
streamAccessJourney(editor, skipped);
consoleShellJourney(editor, skipped);
