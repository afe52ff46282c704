import { defineElement } from '../../shared/define.ts';
import { VidStreamUsers } from './vid-stream-users.ts';

defineElement('vid-stream-users', VidStreamUsers);

declare global {
  interface HTMLElementTagNameMap {
    'vid-stream-users': VidStreamUsers;
  }
}
