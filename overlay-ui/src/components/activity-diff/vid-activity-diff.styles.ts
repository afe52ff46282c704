import { css } from 'lit';

export const activityDiffStyles = css`
  :host { display: block; }
  table { width: 100%; border-collapse: collapse; font-size: .92em; }
  caption { text-align: left; font-weight: 600; padding: 0 0 .35rem; }
  th, td { text-align: left; vertical-align: top; padding: .3rem .4rem; border-bottom: 1px solid var(--vid-surface); }
  th[scope='row'] { font-weight: 600; word-break: break-all; }
  code { word-break: break-word; font-size: .95em; }
  .redacted {
    display: inline-block; border: 1px dashed var(--vid-muted); border-radius: 4px; padding: 0 .35rem;
    font-style: italic; color: var(--vid-text);
  }
  .unset { color: var(--vid-muted); font-style: italic; }
`;
