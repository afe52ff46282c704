import { css } from 'lit';

export const ruleFormStyles = css`
  :host { display: block; }
  form { display: grid; gap: .6rem; padding: .75rem; border: 1px solid var(--vid-muted); border-radius: 8px; }
  label { font-weight: 600; }
  input[type='text'] { width: 100%; max-width: 32rem; }
  .hint { margin: 0; font-size: .85em; }
  .actions { display: flex; gap: .5rem; }
`;
