// GET `/`: the console, in the structure of the editor 2.0.8's page (the overlay's UI attaches to
// that structure; see /work/shared/reference/vanilla-editor.md, "HTML landmarks"): a header with
// the badges and the user chip, the password modal, the mobile sidebar button, and a sidebar of
// collapsed groups (icons as Material Symbols ligatures, the font from Google Fonts) beside the
// panes. Markup, style (console-style.ts) and script (console-script.ts) are the stand-in's own.
import { CONSOLE_CSS } from './console-style.ts';
import { CONSOLE_SCRIPT } from './console-script.ts';
import { escapeHtml } from './html-pages.ts';
import { EDITOR_TABS } from './routes.ts';
import type { EditorSession } from './session-cookie.ts';

type Tab = (typeof EDITOR_TABS)[number];

export const TAB_LABELS: Record<Tab, string> = {
  dashboard: 'Dashboard',
  logs: 'Live Logs',
  streams: 'Active Streams',
  test: 'Test Streams',
  recordings: 'Recordings',
  sources: 'External Sources',
  basic: 'Basic Settings',
  users: 'Users & Auth',
  protocols: 'Protocols',
  hls: 'HLS Tuning',
  advanced: 'Advanced YAML',
  service: 'Service Control',
  versions: 'Versions',
  firewall: 'Firewall',
  account: 'Account',
  styling: 'Styling',
  webusers: 'Web Users',
};

/** The admin sidebar's groups, in order: id, icon ligature, label, tabs. */
export const SIDEBAR_GROUPS: ReadonlyArray<{ id: string; icon: string; label: string; tabs: readonly Tab[] }> = [
  { id: 'group-status', icon: 'monitoring', label: 'Status', tabs: ['dashboard', 'logs'] },
  { id: 'group-streaming', icon: 'videocam', label: 'Streaming', tabs: ['streams', 'test', 'recordings', 'sources'] },
  { id: 'group-config', icon: 'settings', label: 'Configuration', tabs: ['basic', 'users', 'protocols', 'hls', 'advanced'] },
  { id: 'group-system', icon: 'build', label: 'System', tabs: ['service', 'firewall', 'versions'] },
  { id: 'group-admin', icon: 'admin_panel_settings', label: 'Admin', tabs: ['webusers', 'account', 'styling'] },
];

/** Both written exactly as the editor's pages write them (the overlay rewrites them in directory mode). */
export const ICON_FONT_URL = 'https://fonts.googleapis.com/css2?family=Material+Symbols+Outlined:opsz,wght,FILL,GRAD@24,400,1,0';
export const HLS_JS_URL = 'https://cdn.jsdelivr.net/npm/hls.js@latest';

const item = (tab: Tab, active: boolean) =>
  `<button class="sidebar-item${active ? ' active' : ' '}" onclick="showTab('${tab}', event)"><span class="sidebar-label">${escapeHtml(TAB_LABELS[tab])}</span></button>`;

function adminSidebar(): string {
  const groups = SIDEBAR_GROUPS.map(
    (g) => `<div class="sidebar-group collapsed" id="${g.id}">
<div class="sidebar-group-label" onclick="toggleGroup('${g.id}')"><span class="sidebar-icon"><span class="material-symbols-outlined">${g.icon}</span></span><span class="sidebar-label">${g.label}</span><span class="group-arrow">\u25B6</span></div>
<div class="sidebar-group-items">
${g.tabs.map((t) => item(t, t === 'dashboard')).join('\n')}
</div>
</div>`,
  );
  return `<button class="sidebar-expand-btn" onclick="toggleSidebar()">\u2630</button>\n${groups.join('\n')}`;
}

/** A viewer's sidebar: one group without a label, holding Active Streams. */
const viewerSidebar = () => `<div class="sidebar-group">\n${item('streams', true)}\n</div>`;

function pane(tab: Tab, active: boolean): string {
  const body =
    tab === 'streams'
      ? '<p>View and monitor all active streams on this MediaMTX server</p>\n<div id="streams-container"><p>Loading streams...</p></div>'
      : `<p>${TAB_LABELS[tab]} settings.</p>`;
  return `<div id="${tab}" class="tab-content${active ? ' active' : ' '}">
<h2 class="section-title">${escapeHtml(TAB_LABELS[tab])}</h2>
${body}
</div>`;
}

const PASSWORD_MODAL = `<div id="password-modal">
<form method="POST" action="/change_password">
<h3>Change Password</h3>
<button type="button" onclick="document.getElementById('password-modal').style.display='none'">\u2715</button>
<input type="hidden" name="current_tab" value="dashboard">
<label>Current Password <input type="password" name="current_password" required></label>
<label>New Password <input type="password" name="new_password" required></label>
<label>Confirm New Password <input type="password" name="confirm_password" required></label>
<button type="submit">Change Password</button>
</form>
</div>`;

/** GET `/`: the whole console for an admin, only "Active Streams" for a viewer. */
export function consolePage(session: EditorSession, message?: string, messageType = 'danger'): string {
  const admin = session.role === 'admin';
  const tabs: readonly Tab[] = admin ? EDITOR_TABS : ['streams'];
  const first = admin ? 'dashboard' : 'streams';
  const kind = /^\w+$/.test(messageType) ? messageType : 'danger';
  return `<!DOCTYPE html>
<html>
<head>
<title>MediaMTX Configuration Editor</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${ICON_FONT_URL}" />
<style>${CONSOLE_CSS}</style>
</head>
<body>
<div class="container">
<div class="header">
<div id="header-logo" class="header-logo"><img id="agency-logo-img" src="/api/theme/logo" alt="" onerror="this.style.display='none';"></div>
<h1>MediaMTX Configuration Editor</h1>
<p>Brought to you by TAKWERX</p>
<div class="header-badges">
<span id="status-badge"><span id="status-text">Loading...</span></span>
<span id="stream-badge" style="display: none;">\u{1F3A5} <span id="stream-count">0</span> Stream<span id="stream-plural">s</span></span>
</div>
<div class="header-user">
<span onclick="document.getElementById('password-modal').style.display='flex'" style="cursor: pointer;"><span class="material-symbols-outlined">person_edit</span> ${escapeHtml(session.username)}</span>
<a href="/logout">Logout</a>
</div>
</div>
${PASSWORD_MODAL}
<div class="sidebar-overlay" id="sidebar-overlay" onclick="closeSidebar()"></div>
<button class="sidebar-mobile-btn" id="sidebar-mobile-btn" style="display:none;" onclick="toggleMobileSidebar()">\u2630</button>
<div class="app-layout">
<nav class="sidebar" id="sidebar">
${admin ? adminSidebar() : viewerSidebar()}
</nav>
<div class="main-content">
<div class="content">
${message ? `<div class="alert alert-${kind}" id="flash-message">${escapeHtml(message)}</div>\n` : ''}${tabs.map((tab) => pane(tab, tab === first)).join('\n')}
</div>
</div>
</div>
</div>
<script>${CONSOLE_SCRIPT}</script>
</body>
</html>`;
}
