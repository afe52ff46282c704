/**
 * Browser end-to-end on the stand-in editor (in the real 2.0.8 page's structure): the header,
 * phone and offline journey of journeys/console-shell.ts. `npm run test:real-editor` runs the
 * same journey against the real editor (test/real-editor/console-journeys.test.ts).
 */
import { consoleShellJourney } from './journeys/console-shell.ts';

consoleShellJourney({ kind: 'stand-in' });
