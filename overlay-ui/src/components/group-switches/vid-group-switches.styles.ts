import { css } from 'lit';

export const groupSwitchesStyles = css`
  :host { display: block; }
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
  legend { padding: 0; margin-bottom: .35rem; font-weight: 600; }
  ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .35rem .9rem; }
  label { display: inline-flex; align-items: center; gap: .4rem; cursor: pointer; }
  input[role='switch'] {
    appearance: none; -webkit-appearance: none; margin: 0; cursor: pointer;
    width: 2.2rem; height: 1.2rem; border-radius: 999px; position: relative; flex: none;
    background: var(--vid-bg); border: 1px solid var(--vid-muted); transition: background .15s;
  }
  input[role='switch']::after {
    content: ''; position: absolute; top: 50%; left: .12rem; width: .85rem; height: .85rem;
    border-radius: 50%; background: var(--vid-muted); transform: translateY(-50%); transition: left .15s;
  }
  input[role='switch']:checked { background: var(--vid-primary); border-color: var(--vid-primary); }
  input[role='switch']:checked::after { left: 1.15rem; background: #fff; }
  input[role='switch']:disabled, input[role='switch']:disabled + span { cursor: not-allowed; opacity: .55; }
  .empty { margin: 0; }
`;
