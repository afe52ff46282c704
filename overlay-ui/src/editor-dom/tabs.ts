/**
 * The editor's sidebar tabs: `<nav id="sidebar">` with `button.sidebar-item > span.sidebar-label`
 * calling `showTab('<id>', event)` (in 2.0.8 inside `div.sidebar-group-items` of a group, see
 * sidebar-group.ts), and panes `div.tab-content#<id>` of which one has `active`. We add our own in
 * the same shape, so the editor's `showTab` switches to and from them.
 */
import type { SidebarGroup } from './sidebar-group.ts';

export interface EditorTab {
  id: string;
  button: HTMLButtonElement;
  pane: HTMLDivElement;
  /** Switch to this tab, as a click on its sidebar button would. */
  show(): void;
}

type ShowTab = (tab: string, event?: Event) => void;

/** Whether the page has the editor's console layout (sidebar + panes). */
export function hasEditorTabs(doc: Document): boolean {
  return doc.getElementById('sidebar') !== null && doc.querySelector('.tab-content') !== null;
}

/**
 * Adds (or finds, when the bundle runs twice) a sidebar button and pane with this id; the button
 * goes into `group` when given, else at the end of the sidebar (an editor without groups).
 */
export function addEditorTab(doc: Document, id: string, label: string, group?: SidebarGroup | null): EditorTab | null {
  const sidebar = doc.getElementById('sidebar');
  const panesParent = doc.querySelector('.tab-content')?.parentElement;
  if (!sidebar || !panesParent) return null;

  let button = sidebar.querySelector<HTMLButtonElement>(`button[data-vid-tab="${id}"]`);
  let pane = doc.getElementById(id) as HTMLDivElement | null;
  if (!pane) {
    pane = doc.createElement('div');
    pane.id = id;
    pane.className = 'tab-content';
    pane.dataset.vidOverlay = '';
    panesParent.append(pane);
  }
  if (!button) {
    button = doc.createElement('button');
    button.type = 'button';
    button.className = 'sidebar-item';
    button.dataset.vidTab = id;
    button.setAttribute('aria-controls', id);
    const text = doc.createElement('span');
    text.className = 'sidebar-label';
    text.textContent = label;
    button.append(text);
    (group?.items ?? sidebar).append(button);
    const own = button;
    own.addEventListener('click', (event) => activate(doc, id, own, event));
  }
  const tabButton = button;
  return { id, button: tabButton, pane, show: () => tabButton.click() };
}

function activate(doc: Document, id: string, button: HTMLButtonElement, event: Event) {
  const showTab = (doc.defaultView as (Window & { showTab?: ShowTab }) | null)?.showTab;
  if (typeof showTab === 'function') {
    try {
      showTab(id, event);
    } catch {
      // An editor whose showTab only knows its own tabs: do what it does ourselves.
    }
  }
  const pane = doc.getElementById(id);
  if (pane && (!pane.classList.contains('active') || !button.classList.contains('active'))) {
    for (const el of doc.querySelectorAll('.tab-content.active')) el.classList.remove('active');
    for (const el of doc.querySelectorAll('.sidebar-item.active')) el.classList.remove('active');
    pane.classList.add('active');
    button.classList.add('active');
  }
  // What the editor's showTab ends with: the phone sidebar closes once a tab is chosen.
  doc.getElementById('sidebar')?.classList.remove('open');
  doc.getElementById('sidebar-overlay')?.classList.remove('open');
}

/** The editor's sidebar button for one of its tabs (`onclick="showTab('<id>', event)"`). */
export function editorTabButton(doc: Document, id: string): HTMLElement | null {
  const call = new RegExp(`showTab\\(\\s*['"]${id.replace(/[^\w-]/g, '')}['"]`);
  for (const el of doc.querySelectorAll<HTMLElement>('#sidebar [onclick], .sidebar-item')) {
    if (call.test(el.getAttribute('onclick') ?? '')) return el;
  }
  return null;
}

// Inline styles: the sidebar is the editor's DOM, where no stylesheet of ours applies.
const BADGE_STYLE =
  'display:inline-block;min-width:1.4em;margin-left:.45em;padding:0 .4em;border-radius:999px;' +
  'background:#b91c1c;color:#fff;font-size:.8em;font-weight:600;line-height:1.5;text-align:center;';
export const SCREEN_READER_ONLY =
  'position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;' + 'clip:rect(0 0 0 0);white-space:nowrap;border:0;';

/**
 * A count on a tab's sidebar button (e.g. access requests waiting); 0 removes it. Screen readers
 * hear it as part of the button's name: "Stream users (2 access requests waiting)".
 */
export function setTabBadge(tab: EditorTab, count: number, what: string): void {
  setCountBadge(tab.button, count, what, BADGE_STYLE);
}

/** A count badge inside `host` (shown, and spoken as " (2 <what>)"); 0 removes it. */
export function setCountBadge(host: HTMLElement, count: number, what: string, style: string): void {
  let badge = host.querySelector<HTMLElement>('[data-vid-badge]');
  if (count <= 0) {
    badge?.remove();
    return;
  }
  const doc = host.ownerDocument;
  if (!badge) {
    badge = doc.createElement('span');
    badge.style.cssText = style;
    host.append(badge);
  }
  if (badge.dataset.vidBadge === String(count)) return; // the root re-renders often: touch the DOM only on a change
  badge.dataset.vidBadge = String(count);
  const visible = doc.createElement('span');
  visible.setAttribute('aria-hidden', 'true');
  visible.textContent = String(count);
  const spoken = doc.createElement('span');
  spoken.style.cssText = SCREEN_READER_ONLY;
  spoken.textContent = ` (${count} ${what})`;
  badge.replaceChildren(visible, spoken);
}
