import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The overlay's own pages (errors, sign-in, the phone player): small, no external assets, no
 * inline script (a page that needs script names the overlay's own files in `scripts`).
 */
export function layout(title: string, body: Markup, options: { scripts?: readonly string[]; wide?: boolean } = {}): Markup {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · MediaMTX</title>
<style>${raw(STYLE)}</style>
</head>
<body><main class="${options.wide ? 'card wide' : 'card'}">${body}</main>${(options.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}</body>
</html>`;
}

export function renderPage(title: string, message: string, links: Array<{ href: string; text: string }>): Markup {
  return layout(
    title,
    html`<h1>${title}</h1>
<p>${message}</p>
${links.length ? html`<p class="links">${links.map((l) => html`<a href="${l.href}">${l.text}</a>`)}</p>` : ''}`,
  );
}

const STYLE = `
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#0f172a;color:#e2e8f0;font:16px/1.5 system-ui,sans-serif}
.card{max-width:28rem;padding:2rem;background:#1e293b;border-radius:12px;box-shadow:0 10px 30px #0006}
h1{margin-top:0;font-size:1.35rem}
a{color:#38bdf8;margin-right:1rem}
label{display:block;margin:.75rem 0 .25rem}
input{width:100%;box-sizing:border-box;padding:.55rem;border-radius:6px;border:1px solid #475569;background:#0f172a;color:inherit}
button{margin-top:1.25rem;width:100%;padding:.6rem;border:0;border-radius:6px;background:#0369a1;color:#fff;font-weight:600;cursor:pointer}
.error{background:#7f1d1d;padding:.5rem .75rem;border-radius:6px}
.wide{max-width:min(100vw,72rem);width:100%;box-sizing:border-box;padding:1rem}
video{display:block;width:100%;max-height:80vh;background:#000;border-radius:8px}
`;
