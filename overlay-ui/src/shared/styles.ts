import { css } from 'lit';

/**
 * Shared look: the editor's theme variables (`--primary`, `--surface`, `--bg`, `--text`, `--muted`,
 * `--danger`) inherit into our shadow roots; each has a fallback so the elements also stand alone.
 * Fonts are inherited from the page: nothing is loaded.
 */
export const baseStyles = css`
  :host {
    --vid-primary: var(--primary, #3b82f6);
    --vid-surface: var(--surface, #1e293b);
    --vid-bg: var(--bg, #0f172a);
    --vid-text: var(--text, #e2e8f0);
    --vid-muted: var(--muted, #94a3b8);
    --vid-danger: var(--danger, #ef4444);
    --vid-ok: var(--success, #22c55e);
    /* Danger as text: mixed toward the text colour so it reads on the surface (WCAG AA). */
    --vid-danger-text: color-mix(in srgb, var(--vid-danger) 70%, var(--vid-text));
    --vid-radius: 6px;
    color: var(--vid-text);
    font: inherit;
    box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
  [hidden] { display: none !important; }
  .sr-only {
    position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  button {
    font: inherit; color: #fff; border: 0;
    background: var(--vid-primary);
    /* The editor's primary is light for white text (3.7:1); darken it to pass WCAG AA. */
    background: color-mix(in srgb, var(--vid-primary) 72%, #000);
    border-radius: var(--vid-radius); padding: .35rem .8rem; cursor: pointer;
  }
  button.secondary { background: transparent; color: var(--vid-text); border: 1px solid var(--vid-muted); }
  button.danger { background: transparent; color: var(--vid-danger-text); border: 1px solid var(--vid-danger); }
  button.link { background: none; color: inherit; padding: 0; text-decoration: underline; }
  button:disabled { opacity: .5; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, a:focus-visible, select:focus-visible {
    outline: 2px solid var(--vid-primary); outline-offset: 2px;
  }
  a { color: inherit; text-decoration: underline; text-decoration-color: var(--vid-primary); text-underline-offset: 2px; }
  input[type='text'], input[type='search'], select {
    font: inherit; color: var(--vid-text); background: var(--vid-bg);
    border: 1px solid var(--vid-muted); border-radius: var(--vid-radius); padding: .35rem .5rem;
  }
  input[aria-invalid='true'] { border-color: var(--vid-danger); }
  .muted { color: var(--vid-muted); }
  .field-error { color: var(--vid-danger-text); margin: .25rem 0 0; font-size: .9em; }
  .notice { border-left: 4px solid var(--vid-primary); padding: .5rem .75rem; margin: .5rem 0; background: var(--vid-bg); }
  .notice.warn { border-left-color: var(--vid-danger); }
  .chip {
    display: inline-block; border-radius: 999px; padding: .1rem .55rem; font-size: .85em;
    background: var(--vid-bg); border: 1px solid var(--vid-muted); color: var(--vid-text);
  }
  .card { background: var(--vid-surface); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem; }
  h2, h3 { margin: 0 0 .5rem; }
`;
