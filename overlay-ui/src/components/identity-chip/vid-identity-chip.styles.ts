import { css } from 'lit';

export const identityChipStyles = css`
  :host { display: inline-flex; max-width: 100%; }
  .who {
    display: inline-flex; align-items: center; justify-content: center; flex-wrap: wrap; gap: .35rem .5rem;
    background: var(--vid-surface); border-radius: 12px; padding: .3rem .75rem; font-size: .85rem;
  }
  .name { font-weight: 600; white-space: nowrap; }
  .groups { display: inline-flex; gap: .25rem; flex-wrap: wrap; list-style: none; margin: 0; padding: 0; }
  .chip { font-size: .8rem; white-space: nowrap; }
  .role { text-transform: lowercase; }
  a { white-space: nowrap; }
`;
