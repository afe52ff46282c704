/**
 * Browser end-to-end on the stand-in editor (in the real 2.0.8 page's structure): the stream-access
 * journey of journeys/stream-access.ts. `npm run test:real-editor` runs the same journey against
 * the real editor (test/real-editor/console-journeys.test.ts).
 */
import { streamAccessJourney } from './journeys/stream-access.ts';

streamAccessJourney({ kind: 'stand-in' });
