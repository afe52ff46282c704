import { defineElement } from '../../shared/define.ts';
import { VidStreamAccess } from './vid-stream-access.ts';

defineElement('vid-stream-access', VidStreamAccess);

declare global {
  interface HTMLElementTagNameMap {
    'vid-stream-access': VidStreamAccess;
  }
}
