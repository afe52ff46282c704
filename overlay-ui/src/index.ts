// The overlay's browser bundle, injected before `</body>` of the editor's pages.
import { mountOverlay } from './mount.ts';

mountOverlay();
