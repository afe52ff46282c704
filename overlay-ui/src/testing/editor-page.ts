/**
 * Loads the stand-in editor's console page (test/stand-in-editor, built in the structure of the real
 * editor 2.0.8's page) into the test document, with its own script: `showTab`, `toggleGroup`, the
 * mobile sidebar functions and `loadStreams` (which rebuilds `#streams-container` with innerHTML
 * from `GET /api/streams`, a table or, at <= 768 px, cards). Happy DOM runs no page scripts, so the
 * script's text is evaluated here without its last line (`bootConsole()`, which starts the 5 s
 * timers); the test calls `loadStreams` itself. The functions are on `window` too, where the
 * page's inline `onclick` attributes (run on click here, as a browser does) look for them.
 */
import { consolePage } from '../../../test/stand-in-editor/console-page.ts';
import { CONSOLE_BOOT } from '../../../test/stand-in-editor/console-script.ts';

export interface EditorPage {
  showTab(tab: string, event?: { target: Element }): void;
  toggleGroup(groupId: string): void;
  toggleSidebar(): void;
  toggleMobileSidebar(): void;
  closeSidebar(): void;
  loadStreams(): void;
}

const FUNCTIONS = ['showTab', 'toggleGroup', 'toggleSidebar', 'toggleMobileSidebar', 'closeSidebar', 'loadStreams'] as const;

/** The page as the editor sends it to `username` (the overlay's editor service account). */
export function editorPageHtml(role: 'admin' | 'viewer' = 'admin', username = `editor-${role}`): string {
  return consolePage({ username, role } as Parameters<typeof consolePage>[0]);
}

export function loadEditorPage(role: 'admin' | 'viewer' = 'admin', username = `editor-${role}`): EditorPage {
  // Nothing from the editor's CDNs is loaded in tests (the icon font's stylesheet).
  const parsed = new DOMParser().parseFromString(editorPageHtml(role, username).replace(/<link\b[^>]*>/g, ''), 'text/html');
  const script = [...parsed.querySelectorAll('script')].find((s) => s.textContent?.includes('function showTab'));
  if (!script?.textContent) throw new Error('the stand-in page has no showTab script');
  for (const el of parsed.querySelectorAll('script')) el.remove();
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
  const source = script.textContent.replace(CONSOLE_BOOT, '');
  // The page's timers (the 5 s stream refresh that showTab('streams') starts) go through these, so
  // unloadEditorPage can stop them: one firing after its test has emptied the page would throw.
  const timers = {
    setTimeout: (fn: () => void, ms?: number) => track(window.setTimeout(fn, ms), 'timeout'),
    setInterval: (fn: () => void, ms?: number) => track(window.setInterval(fn, ms), 'interval'),
  };
  const editor = new Function('setTimeout', 'setInterval', `${source}\nreturn { ${FUNCTIONS.join(', ')} };`)(
    timers.setTimeout,
    timers.setInterval,
  ) as EditorPage;
  Object.assign(window, editor);
  // Happy DOM runs no inline handlers: run the page's `onclick` attributes as a browser would.
  for (const el of document.querySelectorAll<HTMLElement>('[onclick]')) {
    const handler = new Function('event', el.getAttribute('onclick')!) as (this: HTMLElement, event: Event) => void;
    el.addEventListener('click', (event) => handler.call(el, event));
  }
  return editor;
}

const pageTimers = new Map<number, 'timeout' | 'interval'>();
function track(id: number, kind: 'timeout' | 'interval'): number {
  pageTimers.set(id, kind);
  return id;
}

/** Undoes loadEditorPage's globals and stops the page's timers. */
export function unloadEditorPage(): void {
  for (const name of FUNCTIONS) delete (window as unknown as Record<string, unknown>)[name];
  for (const [id, kind] of pageTimers) (kind === 'timeout' ? window.clearTimeout : window.clearInterval)(id);
  pageTimers.clear();
}
