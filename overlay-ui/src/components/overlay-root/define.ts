import { defineElement } from '../../shared/define.ts';
import { VidOverlayRoot } from './vid-overlay-root.ts';

defineElement('vid-overlay-root', VidOverlayRoot);

declare global {
  interface HTMLElementTagNameMap {
    'vid-overlay-root': VidOverlayRoot;
  }
}
