import { css } from 'lit';

export const passwordSetupStyles = css`
  :host { display: block; }
  .setup { border: 1px solid var(--vid-ok); border-radius: 8px; padding: .75rem 1rem; margin: 0 0 .75rem; background: var(--vid-bg); }
  h3 { font-size: 1rem; }
  h3:focus { outline: none; }
  .copy { display: flex; flex-wrap: wrap; gap: .4rem; align-items: end; margin: .5rem 0; }
  .copy label { display: grid; gap: .2rem; flex: 1 1 24rem; }
  .copy input { width: 100%; font-family: ui-monospace, monospace; }
  .status { min-height: 1.2em; margin: .25rem 0; }
  p { margin: .35rem 0; }
`;
