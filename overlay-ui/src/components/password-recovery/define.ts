import { defineElement } from '../../shared/define.ts';
import { VidPasswordRecovery } from './vid-password-recovery.ts';

defineElement('vid-password-recovery', VidPasswordRecovery);

declare global {
  interface HTMLElementTagNameMap {
    'vid-password-recovery': VidPasswordRecovery;
  }
}
