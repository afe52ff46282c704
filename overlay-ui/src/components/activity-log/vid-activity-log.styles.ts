import { css } from 'lit';

export const activityLogStyles = css`
  :host { display: block; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; justify-content: space-between; margin: .5rem 0 1rem; }
  .toolbar form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
  .toolbar label { display: grid; gap: .2rem; }
  select[aria-invalid='true'] { border-color: var(--vid-danger); }
  /* A phone scrolls the table sideways, not the editor's page: relative, or the absolutely placed sr-only texts would widen the page. */
  .scroll { overflow-x: auto; position: relative; }
  table.log { width: 100%; min-width: 40rem; border-collapse: collapse; }
  td.actions button { white-space: nowrap; }
  table.log > * > tr > th, table.log > * > tr > td {
    text-align: left; vertical-align: top; padding: .45rem .4rem; border-bottom: 1px solid var(--vid-bg);
  }
  tr.failed > td:first-child { box-shadow: inset 4px 0 0 var(--vid-danger); }
  .outcome.failed { color: var(--vid-danger-text); font-weight: 600; }
  .who small, .when small { display: block; color: var(--vid-muted); }
  .route code { word-break: break-all; font-size: .9em; }
  tr.changes > td { background: var(--vid-bg); border-radius: 6px; }
  .pager { display: flex; gap: .75rem; align-items: center; margin-top: .75rem; }
  .status { min-height: 1.2em; margin: 0; }
`;
