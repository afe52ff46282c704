import { defineElement } from '../../shared/define.ts';
import { VidStreamChips } from './vid-stream-chips.ts';

defineElement('vid-stream-chips', VidStreamChips);

declare global {
  interface HTMLElementTagNameMap {
    'vid-stream-chips': VidStreamChips;
  }
}
