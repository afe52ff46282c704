import { defineElement } from '../../shared/define.ts';
import { VidGroupSwitches } from './vid-group-switches.ts';

defineElement('vid-group-switches', VidGroupSwitches);

declare global {
  interface HTMLElementTagNameMap {
    'vid-group-switches': VidGroupSwitches;
  }
}
