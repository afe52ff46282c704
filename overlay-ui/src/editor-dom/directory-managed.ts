import { editorTabButton } from './tabs.ts';

/** Tabs the directory replaces: the editor's own web users and its password page. */
export const DIRECTORY_MANAGED_TABS = ['webusers', 'account'] as const;

/** Email, registration and password controls of the editor (managed by the directory instead). */
const MANAGED_CONTROLS = [
  'a[href="/register"]', 'a[href^="/register?"]', 'a[href="/forgot-password"]', 'a[href^="/reset-password"]',
  'a[href="/change_password"]', 'form[action="/change_password"]', 'form[action="/register"]',
  '[id*="registration"]', '[id*="Registration"]', '[id*="smtp"]', '[id*="Smtp"]', '[id*="SMTP"]',
  '[id*="email-config"]', '[id*="email_config"]', '[id*="emailConfig"]',
  '[onclick*="registration"]', '[onclick*="Registration"]', '[onclick*="emailConfig"]', '[onclick*="email_config"]',
].join(', ');

/** Hidden, never removed: the editor's scripts keep finding their elements. */
function hide(el: Element | null) {
  if (!(el instanceof HTMLElement) || el.closest('[data-vid-overlay]')) return;
  el.hidden = true;
  el.style.setProperty('display', 'none', 'important');
  el.dataset.vidHidden = 'directory';
}

/**
 * In directory mode people, passwords, registration and email live in the directory: hide the
 * editor's Web Users and My Account tabs (button and pane), its email/registration controls and
 * its signed-in-as line (which would name the overlay's service account).
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
  // The editor's "<account> (role) · Logout" names the overlay's service account, not the
  // person; the identity chip replaces it (its sign-out goes to the directory's logout).
  for (const link of doc.querySelectorAll('header a[href="/logout"]')) {
    const holder = link.parentElement;
    const small = holder && holder.tagName !== 'HEADER' && (holder.textContent ?? '').trim().length < 120;
    hide(small ? holder : link);
  }
  if (hidActive) {
    const first = [...doc.querySelectorAll<HTMLElement>('#sidebar .sidebar-item')].find((b) => !b.hidden);
    first?.click();
  }
}
