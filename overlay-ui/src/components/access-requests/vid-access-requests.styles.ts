import { css } from 'lit';

export const accessRequestsStyles = css`
  :host { display: block; }
  h2:focus { outline: none; }
  ul.requests { list-style: none; margin: 0; padding: 0; }
  ul.requests > li {
    border: 1px solid var(--vid-primary); border-radius: 8px; padding: .75rem 1rem; margin-bottom: .75rem; background: var(--vid-bg);
  }
  li h3 { margin: 0 0 .35rem; font-size: 1rem; word-break: break-word; }
  .facts { margin: .35rem 0 .75rem; display: grid; gap: .2rem; font-size: .9em; }
  .facts div { display: block; }
  .facts dt { display: inline; color: var(--vid-muted); }
  .facts dd { display: inline; margin: 0; white-space: pre-wrap; word-break: break-word; }
  .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .75rem; }
  form.deny { display: grid; gap: .4rem; margin-top: .75rem; max-width: 36rem; }
  form.deny textarea {
    font: inherit; color: var(--vid-text); background: var(--vid-surface); border: 1px solid var(--vid-muted);
    border-radius: var(--vid-radius); padding: .4rem .5rem; resize: vertical;
  }
  details { margin-top: .5rem; }
  details ul { margin: .35rem 0 0; padding-left: 1.2rem; }
  .status { min-height: 1.2em; margin: 0 0 .5rem; }
`;
