import { defineElement } from '../../shared/define.ts';
import { VidActivityLog } from './vid-activity-log.ts';

defineElement('vid-activity-log', VidActivityLog);

declare global {
  interface HTMLElementTagNameMap {
    'vid-activity-log': VidActivityLog;
  }
}
