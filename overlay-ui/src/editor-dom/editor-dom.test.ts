// @vitest-environment happy-dom
// An editor without sidebar groups (CONSOLE) and, where it matters, the editor 2.0.8's page (loadEditorPage).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadEditorPage, unloadEditorPage } from '../testing/editor-page.ts';
import { visibleText } from '../testing/helpers.ts';
import { hideDirectoryManaged } from './directory-managed.ts';
import { addEditorTab } from './tabs.ts';

const CONSOLE = `<header><span class="user">overlay-admin (admin) · <a href="/logout">Logout</a></span></header>
<nav class="sidebar" id="sidebar">
  <button class="sidebar-item active" onclick="showTab('dashboard', event)">Dashboard</button>
  <button class="sidebar-item" onclick="showTab('account', event)">My Account</button>
  <button class="sidebar-item" onclick="showTab('webusers', event)">Web Users</button>
</nav>
<main>
  <div id="dashboard" class="tab-content active"></div>
  <div id="account" class="tab-content"><form action="/change_password"></form></div>
  <div id="webusers" class="tab-content"><div id="registration-toggle">Registration</div><div id="smtp-settings"></div></div>
</main>`;

afterEach(() => {
  document.body.innerHTML = '';
  unloadEditorPage();
});

const showTab = (tab: string) => (window as unknown as { showTab(tab: string): void }).showTab(tab);

describe('addEditorTab', () => {
  it('mimics the editor when it has no global showTab', () => {
    document.body.innerHTML = CONSOLE;
    const tab = addEditorTab(document, 'vid-stream-access', 'Stream access')!;
    tab.show();
    expect(tab.pane.classList.contains('active')).toBe(true);
    expect(tab.button.classList.contains('active')).toBe(true);
    expect(document.getElementById('dashboard')!.classList.contains('active')).toBe(false);
    expect(document.querySelectorAll('.sidebar-item.active')).toHaveLength(1);
  });

  it("uses the editor's showTab with the click event, and survives one that only knows its own tabs", () => {
    document.body.innerHTML = CONSOLE;
    const showTab = vi.fn(() => {
      throw new Error('unknown tab');
    });
    (window as { showTab?: unknown }).showTab = showTab;
    const tab = addEditorTab(document, 'vid-stream-users', 'Stream users')!;
    tab.show();
    expect(showTab).toHaveBeenCalledWith('vid-stream-users', expect.objectContaining({ type: 'click' }));
    expect(tab.pane.classList.contains('active')).toBe(true);
  });

  it('does not add a second tab when the bundle runs twice, and needs the console layout', () => {
    document.body.innerHTML = CONSOLE;
    addEditorTab(document, 'vid-stream-access', 'Stream access');
    addEditorTab(document, 'vid-stream-access', 'Stream access');
    expect(document.querySelectorAll('[data-vid-tab="vid-stream-access"]')).toHaveLength(1);
    expect(document.querySelectorAll('#vid-stream-access')).toHaveLength(1);
    document.body.innerHTML = '<p>a page without tabs</p>';
    expect(addEditorTab(document, 'vid-stream-access', 'Stream access')).toBeNull();
  });
});

describe('hideDirectoryManaged', () => {
  it("on the editor 2.0.8 page: hides the people tabs, the header's service account, its password modal and Logout, without removing them", () => {
    loadEditorPage('admin', 'overlay-admin');
    document.querySelector('.header-user')!.append(document.createElement('vid-overlay-root'));
    showTab('account');
    hideDirectoryManaged(document);
    for (const sel of [
      '#account',
      '#webusers',
      '#password-modal',
      '.header-user > span',
      '.header-user > a[href="/logout"]',
      'form[action="/change_password"]',
    ]) {
      const el = document.querySelector<HTMLElement>(sel)!;
      expect(el, sel).not.toBeNull();
      expect(el.hidden, sel).toBe(true);
    }
    expect(document.querySelector<HTMLElement>('.header-user')!.hidden).toBe(false);
    expect(document.querySelector<HTMLElement>('.header-user > vid-overlay-root')!.hidden).toBe(false);
    expect(visibleText(document.querySelector('.header')!)).not.toContain('overlay-admin');
    expect(visibleText(document.body)).not.toMatch(/person_edit|Change Password/);
    // The hidden Account tab was open: the first visible tab is now.
    expect(document.querySelector('.tab-content.active')!.id).toBe('dashboard');
    expect(document.querySelectorAll('.tab-content.active')).toHaveLength(1);
  });

  it('on a page without that header: hides the short "<account> (role) · Logout" line', () => {
    document.body.innerHTML = CONSOLE.replace('class="tab-content active"', 'class="tab-content"').replace(
      '<div id="account" class="tab-content">',
      '<div id="account" class="tab-content active">',
    );
    hideDirectoryManaged(document);
    for (const sel of ['#account', '#webusers', '#registration-toggle', '#smtp-settings', 'form[action="/change_password"]', 'header .user']) {
      const el = document.querySelector<HTMLElement>(sel)!;
      expect(el, sel).not.toBeNull();
      expect(el.hidden, sel).toBe(true);
    }
    const buttons = [...document.querySelectorAll<HTMLElement>('.sidebar-item')];
    expect(buttons.map((b) => b.hidden)).toEqual([false, true, true]);
    expect(document.querySelector('#account')!.classList.contains('active') && !buttons[0]!.classList.contains('active')).toBe(false);
  });
});
