import { defineElement } from '../../shared/define.ts';
import { VidPasswordSetup } from './vid-password-setup.ts';

defineElement('vid-password-setup', VidPasswordSetup);

declare global {
  interface HTMLElementTagNameMap {
    'vid-password-setup': VidPasswordSetup;
  }
}
