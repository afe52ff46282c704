/**
 * Loads the stand-in editor's console page (test/stand-in-editor) into the test document, with
 * its own script: `showTab` and `refreshStreams` (which rebuilds `#streams-container` with
 * innerHTML from `GET /api/streams`, like the editor every 5 s). Happy DOM runs no page scripts,
 * so the script's text is evaluated here; its 5 s timer is left out and `refreshStreams` is
 * called by the test instead.
 */
import { consolePage } from '../../../test/stand-in-editor/console-page.ts';

export interface EditorPage {
  showTab(tab: string, event?: { currentTarget: Element }): void;
  refreshStreams(): void;
}

export function loadEditorPage(role: 'admin' | 'viewer' = 'admin'): EditorPage {
  const html = consolePage({ username: `overlay-${role}`, role } as Parameters<typeof consolePage>[0]);
  // Nothing from the editor's CDNs is loaded in tests (its Google Fonts stylesheet, hls.js).
  const parsed = new DOMParser().parseFromString(html.replace(/<link\b[^>]*>/g, ''), 'text/html');
  const script = [...parsed.querySelectorAll('script')].find((s) => s.textContent?.includes('function showTab'));
  if (!script?.textContent) throw new Error('the stand-in page has no showTab script');
  for (const el of parsed.querySelectorAll('script')) el.remove();
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
  const source = script.textContent.replace(/refreshStreams\(\);\s*setInterval\(refreshStreams, 5000\);/, '');
  const editor = new Function(`${source}\nreturn { showTab, refreshStreams };`)() as EditorPage;
  (window as unknown as { showTab: EditorPage['showTab'] }).showTab = editor.showTab;
  return editor;
}
