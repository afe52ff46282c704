import { css } from 'lit';

export const overlayRootStyles = css`
  :host { display: inline-flex; align-items: center; margin-left: auto; }
  :host([floating]) { position: fixed; top: .5rem; right: .5rem; z-index: 2147483000; }
`;
