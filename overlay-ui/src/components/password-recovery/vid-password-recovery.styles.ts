import { css } from 'lit';

export const passwordRecoveryStyles = css`
  :host { display: block; }
  ul.items { list-style: none; margin: .5rem 0 .75rem; padding: 0; display: grid; gap: .35rem; }
  ul.items li { display: grid; grid-template-columns: 6.5rem 1fr; gap: .5rem; align-items: baseline; }
  .chip.present { border-color: var(--vid-ok); }
  .chip.missing { border-color: var(--vid-danger); color: var(--vid-danger-text); }
  .detail { display: block; color: var(--vid-muted); font-size: .9em; word-break: break-word; }
  .status { min-height: 1.2em; margin: .5rem 0 0; }
`;
