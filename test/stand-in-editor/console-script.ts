// The console's script, written for the stand-in to behave as the editor 2.0.8's does (one script
// for admins and viewers, as there): the sidebar functions the markup calls (toggleSidebar,
// toggleGroup, toggleMobileSidebar, closeSidebar, showTab), the header badges polled every 5 s
// (GET /api/status, GET /api/streams), the Active Streams list rebuilt with innerHTML while its tab
// is open (a table, or cards at <= 768 px), Watch (a popup writing hls.js from the CDN, or
// /watch/<name> on a phone), the share-mode toggle (POST /api/share-mode), and the status calls the
// page makes on load whoever is signed in. Everything runs from bootConsole(), the script's last
// line, so that tests can evaluate the functions without the timers (overlay-ui/src/testing).

const HLS_JS = 'https://cdn.jsdelivr.net/npm/hls.js@latest';

export const CONSOLE_BOOT = 'bootConsole();';

export const CONSOLE_SCRIPT = `
var streamsRefreshInterval = null;
var hlsViewerCredential = null;

function escapeHtml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function toggleSidebar() { document.getElementById('sidebar').classList.toggle('expanded'); }

function toggleGroup(groupId) {
  var sidebar = document.getElementById('sidebar');
  var group = document.getElementById(groupId);
  if (group.classList.contains('collapsed')) {
    sidebar.classList.add('expanded');
    group.classList.remove('collapsed');
  } else {
    group.classList.add('collapsed');
    if (document.querySelectorAll('.sidebar-group:not(.collapsed)').length === 0) sidebar.classList.remove('expanded');
  }
}

function toggleMobileSidebar() {
  document.getElementById('sidebar').classList.toggle('open');
  document.getElementById('sidebar-overlay').classList.toggle('open');
}

function closeSidebar() {
  document.getElementById('sidebar').classList.remove('open');
  document.getElementById('sidebar-overlay').classList.remove('open');
}

function showTab(tabName, event) {
  document.querySelectorAll('.tab-content').forEach(function (el) { el.classList.remove('active'); });
  document.querySelectorAll('.sidebar-item').forEach(function (el) { el.classList.remove('active'); });
  if (event && event.target && event.target.classList && event.target.classList.contains('sidebar-item')) {
    event.target.classList.add('active');
  } else {
    document.querySelectorAll('.sidebar-item').forEach(function (el) {
      if ((el.getAttribute('onclick') || '').indexOf("'" + tabName + "'") !== -1) el.classList.add('active');
    });
  }
  document.getElementById(tabName).classList.add('active');
  closeSidebar();
  if (tabName === 'streams') startStreams();
}

function updateStatus() {
  fetch('/api/status').then(function (r) { return r.json(); }).then(function (data) {
    var text = document.getElementById('status-text');
    if (data.status === 'running') text.textContent = '\\u{1F7E2} MediaMTX Running';
    else if (data.status === 'starting') text.textContent = '\\u{1F7E0} MediaMTX Starting';
    else text.textContent = '\\u{1F534} MediaMTX Stopped';
  }).catch(function () { document.getElementById('status-text').textContent = '\\u26AA Status Unknown'; });
}

function updateStreamCount() {
  fetch('/api/streams').then(function (r) { return r.json(); }).then(function (data) {
    var badge = document.getElementById('stream-badge');
    var n = data.streams ? data.streams.length : 0;
    document.getElementById('stream-count').textContent = n;
    document.getElementById('stream-plural').textContent = n === 1 ? '' : 's';
    badge.style.display = n > 0 ? 'inline-block' : 'none';
  }).catch(function () { document.getElementById('stream-badge').style.display = 'none'; });
}

function shareModeBadge(stream) {
  var mode = stream.share_mode || 'private';
  var label = mode === 'public' ? 'Public' : 'Private';
  var kind = mode === 'public' ? 'Static link' : 'Token link';
  return '<button class="share-mode-badge" data-stream-name="' + escapeHtml(stream.name) + '" data-mode="' + mode
    + '" title="Link sharing: ' + kind + '. Click to toggle (admin).">' + label + '</button>';
}

function streamButtons(stream) {
  return '<button class="watch-stream-btn" data-url="' + escapeHtml(stream.hls_url) + '" data-name="' + escapeHtml(stream.name)
    + '" data-stream-name="' + escapeHtml(stream.name) + '">\\u25B6 Watch</button> '
    + '<button class="share-link-btn" data-stream-name="' + escapeHtml(stream.name) + '" data-share-mode="' + (stream.share_mode || 'private') + '">Share</button>';
}

function streamsTable(streams) {
  var html = '<table><thead><tr><th>Group</th><th>User</th><th>Stream Name</th><th>Viewers</th><th>Actions</th></tr></thead><tbody>';
  streams.forEach(function (s) {
    html += '<tr><td>' + escapeHtml(s.publisher_group || '-') + '</td><td>' + (s.publisher_username ? '@' + escapeHtml(s.publisher_username) : '-') + '</td>'
      + '<td><strong>' + escapeHtml(s.name) + '</strong> ' + shareModeBadge(s) + '</td>'
      + '<td>' + s.readers + '</td><td>' + streamButtons(s) + '</td></tr>';
  });
  return html + '</tbody></table>';
}

function streamsCards(streams) {
  var html = '<div style="display: flex; flex-direction: column; gap: 12px;">';
  streams.forEach(function (s) {
    html += '<div style="background: #383838; border-radius: 8px; padding: 15px;">'
      + '<div style="display: flex; justify-content: space-between;"><strong>' + escapeHtml(s.name) + '</strong><span>' + s.readers + ' viewer' + (s.readers === 1 ? '' : 's') + '</span></div>'
      + (s.publisher_group ? '<div>' + escapeHtml(s.publisher_group) + '</div>' : '')
      + '<div style="display: flex; gap: 10px; align-items: center; flex-wrap: wrap;">' + shareModeBadge(s) + streamButtons(s) + '</div>'
      + '</div>';
  });
  return html + '</div>';
}

function loadStreams() {
  fetch('/api/streams').then(function (r) { return r.json(); }).then(function (data) {
    var container = document.getElementById('streams-container');
    var streams = data.streams || [];
    if (streams.length === 0) {
      container.innerHTML = '<p>No active streams. Publish a stream via RTSP, SRT, or RTMP to see it here.</p>';
      return;
    }
    container.innerHTML = window.innerWidth <= 768 ? streamsCards(streams) : streamsTable(streams);
    container.querySelectorAll('.watch-stream-btn').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var name = btn.getAttribute('data-stream-name');
        if (window.innerWidth <= 768 && name) window.location.href = '/watch/' + name;
        else watchStream(btn.getAttribute('data-url'));
      });
    });
    container.querySelectorAll('.share-mode-badge').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var next = btn.getAttribute('data-mode') === 'public' ? 'private' : 'public';
        btn.disabled = true;
        fetch('/api/share-mode', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ stream: btn.getAttribute('data-stream-name'), mode: next }) })
          .then(function (r) { return r.json(); }).then(function (d) {
            if (!d.ok) return;
            btn.setAttribute('data-mode', next);
            btn.textContent = next === 'public' ? 'Public' : 'Private';
            btn.title = 'Link sharing: ' + (next === 'public' ? 'Static link' : 'Token link') + '. Click to toggle (admin).';
          }).finally(function () { btn.disabled = false; });
      });
    });
  }).catch(function (err) {
    document.getElementById('streams-container').innerHTML = '<p>Error loading streams: ' + escapeHtml(err.message) + '</p>';
  });
}

function startStreams() {
  loadStreams();
  if (streamsRefreshInterval) return;
  streamsRefreshInterval = setInterval(function () {
    if (document.getElementById('streams').classList.contains('active')) loadStreams();
  }, 5000);
}

function watchStream(streamUrl) {
  var proxied = streamUrl.indexOf('/hls-proxy/') === 0;
  if (!proxied && !hlsViewerCredential) { alert('Viewer credential not loaded. Please refresh the page.'); return; }
  var user = hlsViewerCredential ? hlsViewerCredential.username : '';
  var pass = hlsViewerCredential ? hlsViewerCredential.password : '';
  var url = proxied ? window.location.origin + streamUrl : streamUrl;
  var popup = window.open('', 'streamViewer', 'width=1280,height=720');
  if (!popup) return;
  popup.document.open();
  popup.document.write(\`<!DOCTYPE html>
<html>
<head>
<title>Stream - Live</title>
<script src="${HLS_JS}"><\\/script>
</head>
<body style="margin: 0; background: #000;">
<video id="player" controls autoplay muted style="width: 100vw; height: 100vh;"></video>
<script>
var video = document.getElementById('player');
var config = {};
if (!\${proxied}) config.xhrSetup = function (xhr) { xhr.setRequestHeader('Authorization', 'Basic ' + btoa('\${user}' + ':' + '\${pass}')); };
if (window.Hls && Hls.isSupported()) { var hls = new Hls(config); hls.loadSource('\${url}'); hls.attachMedia(video); }
<\\/script>
</body>
</html>\`);
  popup.document.close();
}

// The page asks these whoever is signed in: its script is the admins' one, with the tabs a viewer lacks.
function loadStatusToggles() {
  [['/api/public-access/status', 'public-access-toggle'], ['/api/teststream-viewer/status', 'teststream-viewer-toggle']].forEach(function (pair, i) {
    setTimeout(function () {
      fetch(pair[0]).then(function (r) { return r.json(); }).then(function (d) {
        var toggle = document.getElementById(pair[1]);
        if (toggle) toggle.checked = !!d.enabled;
      }).catch(function () {});
    }, 100 + 200 * i);
  });
  setTimeout(function () { fetch('/api/srt-passphrase/status').catch(function () {}); }, 500);
  setTimeout(function () { fetch('/api/protocols/status').catch(function () {}); }, 700);
  setTimeout(function () { fetch('/api/mediamtx/users').catch(function () {}); }, 900);
}

function bootConsole() {
  updateStatus();
  updateStreamCount();
  setInterval(updateStatus, 5000);
  setInterval(updateStreamCount, 5000);
  fetch('/api/hlsviewer-credential').then(function (r) { return r.json(); }).then(function (d) {
    if (d.username && d.password) hlsViewerCredential = d;
  }).catch(function () {});
  var start = function () {
    if (document.getElementById('streams').classList.contains('active')) startStreams();
    loadStatusToggles();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

${CONSOLE_BOOT}
`;
