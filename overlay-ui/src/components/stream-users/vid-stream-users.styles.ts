import { css } from 'lit';

export const streamUsersStyles = css`
  :host { display: block; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin: .5rem 0 1rem; }
  .toolbar form { display: flex; flex-wrap: wrap; gap: .4rem; align-items: end; }
  .toolbar label { display: grid; gap: .2rem; }
  .prefixed { display: inline-flex; align-items: center; }
  .prefixed .prefix {
    padding: .35rem .4rem; border: 1px solid var(--vid-muted); border-right: 0;
    border-radius: var(--vid-radius) 0 0 var(--vid-radius); background: var(--vid-surface); color: var(--vid-muted);
  }
  .prefixed input { border-radius: 0 var(--vid-radius) var(--vid-radius) 0; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; vertical-align: top; padding: .5rem .4rem; border-bottom: 1px solid var(--vid-bg); }
  th button { background: none; color: var(--vid-text); padding: 0; font-weight: 600; white-space: nowrap; }
  td.user { word-break: break-word; }
  .inactive { font-style: italic; }
  .pager { display: flex; gap: .75rem; align-items: center; margin-top: .75rem; }
  .access { background: var(--vid-bg); border-radius: 6px; padding: .5rem .75rem; margin-top: .4rem; }
  .access ul { margin: .25rem 0 0; padding-left: 1.2rem; }
  .status { min-height: 1.2em; margin: 0; }
`;
