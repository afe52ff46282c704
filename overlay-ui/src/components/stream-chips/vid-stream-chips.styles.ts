import { css } from 'lit';

export const streamChipsStyles = css`
  :host { display: inline-flex; align-items: center; margin: 0 .5rem; }
  .chips { display: inline-flex; flex-wrap: wrap; gap: .25rem; }
  button.chip { cursor: pointer; color: var(--vid-text); padding: .1rem .55rem; }
  button.chip:hover { border-color: var(--vid-primary); }
  button.chip.none { border-style: dashed; color: var(--vid-muted); }
`;
