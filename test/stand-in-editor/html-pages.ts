// The editor's small HTML pages. Like the editor's inline templates, every page ends with
// `</body>\n</html>` (the overlay injects before it) and loads nothing the overlay must proxy.

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The editor's default theme (DEFAULT_THEME colours) as CSS variables. */
export const THEME_CSS = `:root {
  --primary: #3b82f6; --header-start: #1e3a8a; --header-end: #1e293b;
  --bg: #0f172a; --surface: #1e293b; --text: #e2e8f0; --muted: #94a3b8; --danger: #ef4444;
}
body { margin: 0; background: var(--bg); color: var(--text); font-family: Inter, system-ui, sans-serif; }
.card { background: var(--surface); border-radius: 8px; padding: 1.5rem; margin: 1rem; }
button, .btn { background: var(--primary); color: #fff; border: 0; border-radius: 6px; padding: .5rem 1rem; cursor: pointer; }
.alert { border-left: 4px solid var(--danger); padding: .75rem; margin-bottom: 1rem; }`;

export function htmlDocument(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style>
${THEME_CSS}
</style>
${head}</head>
<body>
${body}
</body>
</html>`;
}

export function loginPage(error?: string): string {
  return htmlDocument(
    'Login - MediaMTX Configuration Editor',
    `<div class="card login-card">
  <h1>MediaMTX Configuration Editor</h1>
  <p class="subtitle">Brought to you by TAKWERX</p>
  ${error ? `<div class="alert alert-danger">${escapeHtml(error)}</div>` : ''}
  <form method="POST" action="/login">
    <label for="username">Username</label>
    <input type="text" id="username" name="username" required autofocus>
    <label for="password">Password</label>
    <input type="password" id="password" name="password" required>
    <button type="submit">Login</button>
  </form>
  <p><a href="/forgot-password">Forgot password?</a> · <a href="/register">Request an account</a></p>
</div>`,
  );
}

/** Werkzeug's redirect body. */
export function redirectBody(location: string): string {
  const href = escapeHtml(location);
  return `<!doctype html>
<html lang=en>
<title>Redirecting...</title>
<h1>Redirecting...</h1>
<p>You should be redirected automatically to the target URL: <a href="${href}">${href}</a>. If not, click the link.
`;
}

/** Werkzeug's error pages (404, 405). */
export function errorBody(status: 404 | 405): string {
  const [title, text] =
    status === 404
      ? ['404 Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.']
      : ['405 Method Not Allowed', 'The method is not allowed for the requested URL.'];
  return `<!doctype html>
<html lang=en>
<title>${title}</title>
<h1>${title.slice(4)}</h1>
<p>${text}</p>
`;
}

/** Page-ish routes the stand-in does not model in detail: a real page naming its route. */
export function genericPage(route: string): string {
  return htmlDocument(
    `MediaMTX ${route}`,
    `<div class="card" data-route="${escapeHtml(route)}">
  <h1>${escapeHtml(route)}</h1>
  <form method="POST"><input type="text" name="value"><button type="submit">Submit</button></form>
</div>`,
  );
}

/**
 * The public `/watch/<stream>` player: like the editor it embeds the one shared hlsviewer
 * password in the page and writes the URL into the script verbatim.
 */
export function watchPage(stream: string, hlsUrl: string, hlsViewerPassword: string): string {
  return htmlDocument(
    `Watch ${stream}`,
    `<div class="card"><h1>${escapeHtml(stream)}</h1><video id="video" controls autoplay muted></video></div>
<script>
const HLS_URL = '${hlsUrl}';
const HLS_USER = 'hlsviewer';
const HLS_PASS = '${hlsViewerPassword}';
const hls = new Hls({ xhrSetup: (xhr) => { xhr.setRequestHeader('Authorization', 'Basic ' + btoa(HLS_USER + ':' + HLS_PASS)); } });
hls.loadSource(HLS_URL);
hls.attachMedia(document.getElementById('video'));
</script>`,
    '<script src="https://cdn.jsdelivr.net/npm/hls.js@latest"></script>\n',
  );
}
