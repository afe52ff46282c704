import { css } from 'lit';

export const streamAccessStyles = css`
  :host { display: block; }
  .toolbar { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: .5rem 0 1rem; }
  .toolbar label { display: grid; gap: .2rem; }
  ul.paths, ul.rules, ul.viewers { list-style: none; margin: 0; padding: 0; }
  ul.paths > li, ul.rules > li {
    border: 1px solid var(--vid-bg); border-radius: 8px; padding: .75rem 1rem; margin-bottom: .75rem;
    background: var(--vid-bg);
  }
  li.focused { outline: 2px solid var(--vid-primary); }
  .head { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-bottom: .5rem; }
  .head h3, .head h4 { margin: 0; font-size: 1rem; word-break: break-all; }
  .facts { margin: .5rem 0; display: grid; gap: .2rem; font-size: .9em; }
  .facts dt { display: inline; color: var(--vid-muted); }
  .facts dd { display: inline; margin: 0; }
  .facts div { display: block; }
  .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .5rem; }
  ul.viewers { margin-top: .5rem; padding-left: 1rem; list-style: disc; }
  code { font-family: ui-monospace, monospace; word-break: break-all; }
  .status { min-height: 1.2em; margin: 0; }
`;
