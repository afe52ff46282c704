import { css } from 'lit';

// The spacing sits inside the shadow root: the editor's `* { margin: 0 }` reset outranks :host rules.
export const streamChipsStyles = css`
  :host { display: inline-flex; align-items: center; }
  .chips { display: inline-flex; flex-wrap: wrap; gap: .25rem; margin: .15rem .5rem; }
  button.chip { cursor: pointer; color: var(--vid-text); padding: .1rem .55rem; }
  button.chip:hover { border-color: var(--vid-primary); }
  button.chip.none { border-style: dashed; color: var(--vid-muted); }
`;
