// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadEditorPage, unloadEditorPage, type EditorPage } from '../testing/editor-page.ts';
import { spokenText, text } from '../testing/helpers.ts';
import { addSidebarGroup, hasSidebarGroups, openSidebarGroup, setGroupBadge, type SidebarGroup } from './sidebar-group.ts';
import { addEditorTab } from './tabs.ts';

// The fixture is the stand-in editor's console page, in the structure of the real 2.0.8 page.
const OPTS = { id: 'group-vid-directory', icon: 'groups', label: 'Directory' };
let editor: EditorPage;

function start(): SidebarGroup {
  editor = loadEditorPage('admin');
  return addSidebarGroup(document, OPTS)!;
}

const sidebar = () => document.getElementById('sidebar')!;
const collapsed = (g: SidebarGroup) => g.element.classList.contains('collapsed');

afterEach(() => {
  document.body.innerHTML = '';
  unloadEditorPage();
});

describe('addSidebarGroup on the editor 2.0.8 page', () => {
  it("adds a collapsed group of the editor's own shape after its five groups, holding our tabs as items", () => {
    const group = start();
    expect(hasSidebarGroups(document)).toBe(true);
    const groups = [...sidebar().querySelectorAll(':scope > .sidebar-group')];
    expect(groups.map((g) => g.id)).toEqual(['group-status', 'group-streaming', 'group-config', 'group-system', 'group-admin', 'group-vid-directory']);
    expect(group.element.className).toBe('sidebar-group collapsed');
    expect([...group.element.children].map((el) => el.className)).toEqual(['sidebar-group-label', 'sidebar-group-items']);
    expect([...group.label.querySelectorAll(':scope > [class]')].map((el) => el.className)).toEqual(['sidebar-icon', 'sidebar-label', 'group-arrow']);
    expect(group.label.querySelector('.sidebar-icon > .material-symbols-outlined')!.textContent).toBe('groups');
    expect(text(group.label.querySelector('.sidebar-label'))).toBe('Directory');
    // A keyboard-reachable button, named from its content even while only the icon shows (the
    // editor's CSS hides .sidebar-label then; a visually hidden copy of the name stays).
    expect([group.label.getAttribute('role'), group.label.tabIndex, spokenText(group.label)]).toEqual(['button', 0, 'Directory']);
    expect(group.label.querySelector('.sidebar-label')!.getAttribute('aria-hidden')).toBe('true');

    const tab = addEditorTab(document, 'vid-stream-access', 'Stream access', group)!;
    expect(tab.button.parentElement).toBe(group.items);
    expect(tab.button.className).toBe('sidebar-item');
    expect(tab.button.innerHTML).toBe('<span class="sidebar-label">Stream access</span>');
  });

  it("opens and closes through the editor's own toggleGroup, which expands and collapses the sidebar", () => {
    const group = start();
    const toggleGroup = vi.spyOn(window as unknown as { toggleGroup: (id: string) => void }, 'toggleGroup');
    group.label.click();
    expect(toggleGroup).toHaveBeenCalledWith('group-vid-directory');
    expect([collapsed(group), sidebar().classList.contains('expanded'), group.label.getAttribute('aria-expanded')]).toEqual([false, true, 'true']);
    editor.toggleGroup('group-status'); // another group open too: closing ours keeps the sidebar expanded
    group.label.click();
    expect([collapsed(group), sidebar().classList.contains('expanded')]).toEqual([true, true]);
    editor.toggleGroup('group-status');
    expect(sidebar().classList.contains('expanded')).toBe(false);
    group.label.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(collapsed(group)).toBe(false);
  });

  it("does the same without the editor's toggleGroup, or with one that only knows its own groups", () => {
    for (const replacement of [
      undefined,
      () => {
        throw new Error('unknown group');
      },
    ]) {
      const group = start();
      (window as unknown as { toggleGroup?: unknown }).toggleGroup = replacement;
      openSidebarGroup(group);
      expect([collapsed(group), sidebar().classList.contains('expanded')]).toEqual([false, true]);
      openSidebarGroup(group); // already open: stays open
      expect(collapsed(group)).toBe(false);
      group.label.click();
      expect([collapsed(group), sidebar().classList.contains('expanded'), group.label.getAttribute('aria-expanded')]).toEqual([true, false, 'false']);
    }
  });

  it("shows a count on the group's icon, the part visible while the sidebar is collapsed, and names it", () => {
    const group = start();
    setGroupBadge(group, 3, 'access requests waiting');
    const badge = group.label.querySelector<HTMLElement>('[data-vid-badge]')!;
    expect(badge.parentElement!.className).toBe('sidebar-icon');
    expect([badge.querySelector('[aria-hidden="true"]')!.textContent, badge.style.position]).toEqual(['3', 'absolute']);
    expect(spokenText(group.label)).toBe('Directory (3 access requests waiting)');
    setGroupBadge(group, 0, 'access requests waiting');
    expect(group.label.querySelector('[data-vid-badge]')).toBeNull();
    expect(spokenText(group.label)).toBe('Directory');
  });

  it('is added once when the bundle runs twice, and not at all without a sidebar', () => {
    const group = start();
    expect(addSidebarGroup(document, OPTS)!.element).toBe(group.element);
    expect(document.querySelectorAll('#group-vid-directory')).toHaveLength(1);
    document.body.innerHTML = '<p>no console here</p>';
    expect(addSidebarGroup(document, OPTS)).toBeNull();
  });

  it("works in the phone sidebar: choosing one of its tabs closes the sidebar, as the editor's tabs do", () => {
    const group = start();
    const tab = addEditorTab(document, 'vid-stream-access', 'Stream access', group)!;
    editor.toggleMobileSidebar();
    expect(sidebar().classList.contains('open')).toBe(true);
    group.label.click();
    tab.button.click();
    expect(document.getElementById('vid-stream-access')!.classList.contains('active')).toBe(true);
    expect(tab.button.classList.contains('active')).toBe(true);
    expect(sidebar().classList.contains('open')).toBe(false);
    expect(document.getElementById('sidebar-overlay')!.classList.contains('open')).toBe(false);
  });
});
