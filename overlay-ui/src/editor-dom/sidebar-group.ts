/**
 * A group of our own in the editor's sidebar, of the editor's own shape: `div.sidebar-group.collapsed`
 * holding a `div.sidebar-group-label` (`span.sidebar-icon` with a Material Symbols ligature,
 * `span.sidebar-label`, `span.group-arrow`) and `div.sidebar-group-items`. The editor's CSS shows it
 * as an icon while the sidebar is collapsed and its items once it is open, on desktops and in the
 * phone sidebar alike; its `toggleGroup(id)` opens and closes it like its own groups (we do the
 * same when it is missing). Unlike the editor's labels, ours is a keyboard-reachable button.
 */

import { SCREEN_READER_ONLY, setCountBadge } from './tabs.ts';

export interface SidebarGroup {
  id: string;
  element: HTMLDivElement;
  label: HTMLDivElement;
  /** Where the group's `button.sidebar-item`s go. */
  items: HTMLDivElement;
}

type ToggleGroup = (id: string) => void;

/** Whether the sidebar is the editor's grouped one (2.0.8), rather than a flat list of buttons. */
export function hasSidebarGroups(doc: Document): boolean {
  return doc.querySelector('#sidebar .sidebar-group') !== null;
}

/** Adds (or finds, when the bundle runs twice) our group at the end of `#sidebar`; null without one. */
export function addSidebarGroup(doc: Document, opts: { id: string; icon: string; label: string }): SidebarGroup | null {
  const sidebar = doc.getElementById('sidebar');
  if (!sidebar) return null;
  const found = doc.getElementById(opts.id);
  if (found instanceof HTMLDivElement && found.dataset.vidGroup !== undefined) return groupOf(found);

  const element = doc.createElement('div');
  element.id = opts.id;
  element.className = 'sidebar-group collapsed';
  element.dataset.vidGroup = '';
  element.dataset.vidOverlay = '';

  const label = doc.createElement('div');
  label.className = 'sidebar-group-label';
  label.setAttribute('role', 'button');
  label.tabIndex = 0;
  label.setAttribute('aria-expanded', 'false');
  label.setAttribute('aria-controls', `${opts.id}-items`);
  // The name comes from the content: this stays readable while the editor's CSS hides the visible
  // label (collapsed sidebar), and any count on the icon follows it.
  const name = doc.createElement('span');
  name.style.cssText = SCREEN_READER_ONLY;
  name.textContent = opts.label;
  const icon = doc.createElement('span');
  icon.className = 'sidebar-icon';
  // The pending-count badge sits on the icon, the only part shown while the sidebar is collapsed.
  icon.style.position = 'relative';
  const glyph = doc.createElement('span');
  glyph.className = 'material-symbols-outlined';
  glyph.setAttribute('aria-hidden', 'true');
  glyph.textContent = opts.icon;
  icon.append(glyph);
  const text = doc.createElement('span');
  text.className = 'sidebar-label';
  text.setAttribute('aria-hidden', 'true');
  text.textContent = opts.label;
  const arrow = doc.createElement('span');
  arrow.className = 'group-arrow';
  arrow.setAttribute('aria-hidden', 'true');
  arrow.textContent = '\u25B6';
  label.append(name, icon, text, arrow);

  const items = doc.createElement('div');
  items.className = 'sidebar-group-items';
  items.id = `${opts.id}-items`;
  element.append(label, items);
  sidebar.append(element);

  label.addEventListener('click', () => toggle(doc, element, label));
  label.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    label.click();
  });
  return groupOf(element);
}

function groupOf(element: HTMLDivElement): SidebarGroup {
  return {
    id: element.id,
    element,
    label: element.querySelector<HTMLDivElement>(':scope > .sidebar-group-label')!,
    items: element.querySelector<HTMLDivElement>(':scope > .sidebar-group-items')!,
  };
}

function toggle(doc: Document, group: HTMLElement, label: HTMLElement) {
  const toggleGroup = (doc.defaultView as (Window & { toggleGroup?: ToggleGroup }) | null)?.toggleGroup;
  const wasCollapsed = group.classList.contains('collapsed');
  if (typeof toggleGroup === 'function') {
    try {
      toggleGroup(group.id);
    } catch {
      // An editor whose toggleGroup only knows its own groups: do what it does ourselves.
    }
  }
  if (group.classList.contains('collapsed') === wasCollapsed) {
    const sidebar = doc.getElementById('sidebar');
    if (wasCollapsed) {
      sidebar?.classList.add('expanded');
      group.classList.remove('collapsed');
    } else {
      group.classList.add('collapsed');
      if (!doc.querySelector('#sidebar .sidebar-group:not(.collapsed)')) sidebar?.classList.remove('expanded');
    }
  }
  label.setAttribute('aria-expanded', String(!group.classList.contains('collapsed')));
}

/** Opens the group (when collapsed), as a click on its label would. */
export function openSidebarGroup(group: SidebarGroup): void {
  if (group.element.classList.contains('collapsed')) group.label.click();
}

// Inline styles: the sidebar is the editor's DOM, where no stylesheet of ours applies.
const ICON_BADGE_STYLE =
  'position:absolute;top:-6px;right:4px;min-width:17px;height:17px;padding:0 4px;border-radius:9px;' +
  'background:#b91c1c;color:#fff;font:600 11px/17px system-ui,sans-serif;text-align:center;pointer-events:none;';

/**
 * A count on the group's icon, visible while the sidebar is collapsed; 0 removes it. The label's
 * accessible name carries it: "Directory (2 access requests waiting)".
 */
export function setGroupBadge(group: SidebarGroup, count: number, what: string): void {
  const icon = group.label.querySelector<HTMLElement>('.sidebar-icon');
  if (icon) setCountBadge(icon, count, what, ICON_BADGE_STYLE);
}
