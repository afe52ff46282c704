import { defineElement } from '../../shared/define.ts';
import { VidIdentityChip } from './vid-identity-chip.ts';

defineElement('vid-identity-chip', VidIdentityChip);

declare global {
  interface HTMLElementTagNameMap {
    'vid-identity-chip': VidIdentityChip;
  }
}
