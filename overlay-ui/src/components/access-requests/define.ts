import { defineElement } from '../../shared/define.ts';
import { VidAccessRequests } from './vid-access-requests.ts';

defineElement('vid-access-requests', VidAccessRequests);

declare global {
  interface HTMLElementTagNameMap {
    'vid-access-requests': VidAccessRequests;
  }
}
