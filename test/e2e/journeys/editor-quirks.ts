/**
 * What the journeys allow the real editor 2.0.8's pages, each seen on a run and explained; the
 * stand-in is allowed nothing. Every other uncaught error or axe finding fails the journey.
 */
import type { Finding } from '../chromium.ts';
import type { EditorChoice } from '../console-stack.ts';

/** The overlay's parts of an editor page, for axe where the rest of the page is not ours. */
export const OVERLAY_PARTS = ['vid-overlay-root', '#group-vid-directory'];

const REAL_EDITOR_ERRORS = [
  // The viewer page runs the admins' script, which fills toggles and lists the viewer page lacks
  // (seen on the vanilla editor too, without the overlay).
  /^demo-viewer: Cannot set properties of null \(setting '(?:checked|innerHTML)'\)$/,
];

export function unexpectedPageErrors(editor: EditorChoice, errors: readonly string[]): string[] {
  if (editor.kind === 'stand-in') return [...errors];
  return errors.filter((e) => !REAL_EDITOR_ERRORS.some((known) => known.test(e)));
}

/**
 * Our sidebar items wear the editor's classes, so they look like its own: on the real editor an
 * active item is #3b82f6 on #252525 (4.1:1), the editor's own items exactly the same. That one
 * finding is the editor's style, not ours.
 */
export function overlayFindings(editor: EditorChoice, findings: Finding[]): Finding[] {
  if (editor.kind === 'stand-in') return findings;
  return findings.filter((f) => !(f.id === 'color-contrast' && f.targets.every((t) => /data-vid-tab=.*\.sidebar-label/.test(t))));
}
