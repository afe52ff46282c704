import { css } from 'lit';

export const identityChipStyles = css`
  :host { display: inline-flex; }
  .who {
    display: inline-flex; align-items: center; gap: .4rem; white-space: nowrap;
    background: var(--vid-surface); border-radius: 999px; padding: .2rem .75rem; font-size: .85rem;
  }
  .name { font-weight: 600; }
  .groups { display: inline-flex; gap: .25rem; flex-wrap: wrap; list-style: none; margin: 0; padding: 0; }
  .chip { font-size: .8rem; }
`;
