import { editorTabButton } from './tabs.ts';

/** Tabs the directory replaces: the editor's own web users and its password page. */
export const DIRECTORY_MANAGED_TABS = ['webusers', 'account'] as const;

/** Email, registration and password controls of the editor (managed by the directory instead). */
const MANAGED_CONTROLS = [
  'a[href="/register"]',
  'a[href^="/register?"]',
  'a[href="/forgot-password"]',
  'a[href^="/reset-password"]',
  'a[href="/change_password"]',
  'form[action="/change_password"]',
  'form[action="/register"]',
  '[id*="registration"]',
  '[id*="Registration"]',
  '[id*="smtp"]',
  '[id*="Smtp"]',
  '[id*="SMTP"]',
  '[id*="email-config"]',
  '[id*="email_config"]',
  '[id*="emailConfig"]',
  '[onclick*="registration"]',
  '[onclick*="Registration"]',
  '[onclick*="emailConfig"]',
  '[onclick*="email_config"]',
].join(', ');

/** Hidden, never removed: the editor's scripts keep finding their elements. */
function hide(el: Element | null) {
  if (!(el instanceof HTMLElement) || el.closest('[data-vid-overlay], vid-overlay-root')) return;
  el.hidden = true;
  el.style.setProperty('display', 'none', 'important');
  el.dataset.vidHidden = 'directory';
}

/**
 * The editor's identity: `div.header-user` holds the editor session's user (the overlay's service
 * account) as the opener of its change-password modal, and its Logout link. In directory mode the
 * overlay's root stands there instead (with its own Sign out), so everything else in it is hidden,
 * as are the modal and any other opener of it. The injected style hid the name from the first paint.
 */
export function hideEditorIdentity(doc: Document): void {
  for (const el of doc.querySelectorAll('#password-modal, [onclick*="password-modal"]')) hide(el);
  const holders = doc.querySelectorAll('.header-user');
  for (const holder of holders) {
    for (const child of holder.children) if (child.localName !== 'vid-overlay-root') hide(child);
  }
  if (holders.length) return;
  // Pages without that structure: a short "<account> (role) · Logout" line around the header's Logout.
  for (const link of doc.querySelectorAll('header a[href="/logout"], .header a[href="/logout"]')) {
    const holder = link.parentElement;
    const small = holder && !holder.matches('header, .header') && (holder.textContent ?? '').trim().length < 120;
    hide(small ? holder : link);
  }
}

/**
 * In directory mode people, passwords, registration and email live in the directory: hide the
 * editor's Web Users and Account tabs (button and pane), its email/registration controls and its
 * identity in the header (which would name the overlay's service account).
 */
export function hideDirectoryManaged(doc: Document): void {
  let hidActive = false;
  for (const id of DIRECTORY_MANAGED_TABS) {
    const pane = doc.getElementById(id);
    if (pane?.classList.contains('tab-content')) {
      hidActive ||= pane.classList.contains('active');
      hide(pane);
    }
    hide(editorTabButton(doc, id));
  }
  for (const el of doc.querySelectorAll(MANAGED_CONTROLS)) hide(el);
  hideEditorIdentity(doc);
  if (hidActive) {
    const first = [...doc.querySelectorAll<HTMLElement>('#sidebar .sidebar-item')].find((b) => !b.hidden);
    first?.click();
  }
}
