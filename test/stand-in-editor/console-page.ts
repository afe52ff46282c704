import { escapeHtml, htmlDocument } from './html-pages.ts';
import { EDITOR_TABS } from './routes.ts';
import type { EditorSession } from './session-cookie.ts';

type Tab = (typeof EDITOR_TABS)[number];

const TAB_LABELS: Record<Tab, string> = {
  dashboard: 'Dashboard', logs: 'Live Logs', streams: 'Active Streams', test: 'Test Streams',
  recordings: 'Recordings', sources: 'External Sources', basic: 'Basic Settings', users: 'Users & Auth',
  protocols: 'Protocols', hls: 'HLS Tuning', advanced: 'Advanced YAML', service: 'Service Control',
  versions: 'Versions & Updates', firewall: 'Firewall', account: 'My Account', styling: 'Styling',
  webusers: 'Web Users',
};

// The editor loads both from public CDNs; nothing in the tests fetches them.
const HEAD = `<link href="https://fonts.googleapis.com/css2?family=Inter:wght@400;600&display=swap" rel="stylesheet">
<script src="https://cdn.jsdelivr.net/npm/hls.js@latest"></script>
<style>
.header { display: flex; gap: 1rem; align-items: center; padding: 1rem 1.5rem; background: linear-gradient(90deg, var(--header-start), var(--header-end)); }
.badge { background: var(--surface); border-radius: 999px; padding: .2rem .7rem; font-size: .85rem; }
.layout { display: flex; }
.sidebar { display: flex; flex-direction: column; min-width: 200px; background: var(--surface); }
.sidebar-item { background: none; text-align: left; border-radius: 0; color: var(--muted); }
.sidebar-item.active { color: var(--text); border-left: 3px solid var(--primary); }
.tab-content { display: none; flex: 1; }
.tab-content.active { display: block; }
.stream-row { display: flex; justify-content: space-between; padding: .5rem 0; border-bottom: 1px solid var(--bg); }
</style>
`;

// Rebuilds #streams-container with innerHTML on every poll, like the editor (so anything
// injected per row must re-attach), and feeds the header badge from the same call.
const SCRIPT = `<script>
function showTab(tab, event) {
  document.querySelectorAll('.tab-content').forEach((el) => el.classList.remove('active'));
  document.querySelectorAll('.sidebar-item').forEach((el) => el.classList.remove('active'));
  document.getElementById(tab).classList.add('active');
  if (event && event.currentTarget) event.currentTarget.classList.add('active');
}
function watchStream(url) {
  const popup = window.open('', '_blank', 'width=960,height=600');
  const direct = url.indexOf(':8888') !== -1;
  const start = (user, pass) => {
    popup.document.write('<video id="v" controls autoplay muted style="width:100%"></video>'
      + '<script src="https://cdn.jsdelivr.net/npm/hls.js@latest"></' + 'script><script>'
      + 'const hls = new Hls({ xhrSetup: (x) => { if (' + (user ? 'true' : 'false') + ') x.setRequestHeader("Authorization", "Basic " + btoa("' + user + ':' + pass + '")); } });'
      + 'hls.loadSource("' + url + '"); hls.attachMedia(document.getElementById("v"));</' + 'script>');
  };
  if (direct) {
    fetch('/api/hlsviewer-credential').then((r) => r.json()).then((c) => start(c.username, c.password));
  } else {
    start('', '');
  }
}
function refreshStreams() {
  fetch('/api/streams').then((r) => r.json()).then((data) => {
    const streams = data.streams || [];
    document.getElementById('stream-badge').textContent = streams.length + ' live';
    const container = document.getElementById('streams-container');
    if (!container) return;
    container.innerHTML = streams.length === 0 ? '<p class="empty">No active streams</p>' : streams.map((s) =>
      '<div class="stream-row" data-stream="' + s.name + '">'
      + '<span class="stream-name">' + s.name + '</span>'
      + '<span class="stream-readers">' + s.readers + ' viewers</span>'
      + '<button class="btn watch-btn" onclick="watchStream(\\'' + s.hls_url + '\\')">Watch</button>'
      + '</div>').join('');
  }).catch(() => { document.getElementById('status-badge').textContent = 'offline'; });
}
refreshStreams();
setInterval(refreshStreams, 5000);
</script>`;

function pane(tab: Tab, active: boolean): string {
  const body = tab === 'streams'
    ? '<div id="streams-container"><p class="empty">Loading streams...</p></div>'
    : `<p>${TAB_LABELS[tab]} settings.</p>`;
  return `<div id="${tab}" class="tab-content${active ? ' active' : ''}">
  <div class="card"><h2>${TAB_LABELS[tab]}</h2>${body}</div>
</div>`;
}

/** GET `/`: the whole console for an admin, only "Active Streams" for a viewer. */
export function consolePage(session: EditorSession, message?: string): string {
  const tabs: readonly Tab[] = session.role === 'admin' ? EDITOR_TABS : ['streams'];
  const sidebar = tabs.map((tab, i) =>
    `  <button class="sidebar-item${i === 0 ? ' active' : ''}" onclick="showTab('${tab}', event)">${TAB_LABELS[tab]}</button>`).join('\n');
  const body = `<header class="header">
  <h1>MediaMTX Configuration Editor</h1>
  <span id="status-badge" class="badge">running</span>
  <span id="stream-badge" class="badge">0 live</span>
  <span class="user">${escapeHtml(session.username)} (${session.role}) · <a href="/logout">Logout</a></span>
</header>
${message ? `<div class="alert">${escapeHtml(message)}</div>\n` : ''}<div class="layout">
<nav class="sidebar" id="sidebar">
${sidebar}
</nav>
<main class="content">
${tabs.map((tab, i) => pane(tab, i === 0)).join('\n')}
</main>
</div>
${SCRIPT}`;
  return htmlDocument('MediaMTX Configuration Editor', body, HEAD);
}
