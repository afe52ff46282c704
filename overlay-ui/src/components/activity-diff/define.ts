import { defineElement } from '../../shared/define.ts';
import { VidActivityDiff } from './vid-activity-diff.ts';

defineElement('vid-activity-diff', VidActivityDiff);

declare global {
  interface HTMLElementTagNameMap {
    'vid-activity-diff': VidActivityDiff;
  }
}
