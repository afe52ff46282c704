import { describe, expect, it } from 'vitest';
import { replaceCdnUrls } from './cdn-urls.ts';
import { rewriteEditorPage, scriptTag } from './inject.ts';

const TO = { hlsJs: '/_overlay/assets/H/hls.min.js', iconCss: '/_overlay/assets/C/material-symbols-outlined.css' };
const FONT = 'https://fonts.googleapis.com/css2?family=Material+Symbols+Outlined:opsz,wght,FILL,GRAD@24,400,1,0';
const HLS = 'https://cdn.jsdelivr.net/npm/hls.js@latest';
const rewrite = (text: string) => replaceCdnUrls(text, TO);

describe('replaceCdnUrls', () => {
  it('rewrites the icon stylesheet link and every hls.js script, as the editor writes them', () => {
    // The editor 2.0.8's forms: a <link> in the head, and the popup player's document.write
    // template (twice on the page) with <\/script> escaped inside the JavaScript string.
    const page = `<link rel="stylesheet" href="${FONT}" />
<script>popup.document.write(\`<script src="${HLS}"><\\/script>\`);</script>
<script>w.document.write(\`
    <script src="${HLS}"><\\/script>\`);</script>
<script src="${HLS}"></script>`;
    const out = rewrite(page);
    expect(out).toBe(`<link rel="stylesheet" href="${TO.iconCss}" />
<script>popup.document.write(\`<script src="${TO.hlsJs}"><\\/script>\`);</script>
<script>w.document.write(\`
    <script src="${TO.hlsJs}"><\\/script>\`);</script>
<script src="${TO.hlsJs}"></script>`);
    expect(out).not.toMatch(/jsdelivr|googleapis/);
  });

  it.each([
    ['a string built in pieces', `'<script src="${HLS}"></' + 'script>'`, `'<script src="${TO.hlsJs}"></' + 'script>'`],
    ['escaped slashes in a JS or JSON string', String.raw`"https:\/\/cdn.jsdelivr.net\/npm\/hls.js@latest"`, `"${TO.hlsJs}"`],
    ['a pinned 1.x version', `src="https://cdn.jsdelivr.net/npm/hls.js@1.5.13"`, `src="${TO.hlsJs}"`],
    ['a major only, with the dist file', `src="https://cdn.jsdelivr.net/npm/hls.js@1/dist/hls.min.js"`, `src="${TO.hlsJs}"`],
    ['no version, protocol-relative', `src="//cdn.jsdelivr.net/npm/hls.js"`, `src="${TO.hlsJs}"`],
    ['the font with &amp;display=', `href="${FONT}&amp;display=block"`, `href="${TO.iconCss}"`],
    [
      'the font with &display= and other axes',
      `href="https://fonts.googleapis.com/css2?family=Material+Symbols+Outlined:opsz,wght,FILL,GRAD@20..48,100..700,0..1,-50..200&display=swap"`,
      `href="${TO.iconCss}"`,
    ],
    ['the bare family', `href='https://fonts.googleapis.com/css2?family=Material+Symbols+Outlined'`, `href='${TO.iconCss}'`],
  ])('rewrites %s', (_what, input, expected) => expect(rewrite(input)).toBe(expected));

  it.each([
    ['another major of hls.js', 'https://cdn.jsdelivr.net/npm/hls.js@0.14.17'],
    ['the light build', `${HLS}/dist/hls.light.min.js`],
    ['another package', 'https://cdn.jsdelivr.net/npm/hls.js-plugin@1'],
    ['another icon family', 'https://fonts.googleapis.com/css2?family=Material+Symbols+Rounded:opsz,wght,FILL,GRAD@24,400,1,0'],
    ['a second family in the same request', `${FONT}&family=Roboto`],
    ['another font', 'https://fonts.googleapis.com/css2?family=Inter:wght@400;600&display=swap'],
    ['a look-alike host', 'https://cdn.jsdelivr.net.evil.example/npm/hls.js@latest'],
  ])('leaves %s alone', (_what, url) => expect(rewrite(`src="${url}"`)).toBe(`src="${url}"`));
});

describe('rewriteEditorPage', () => {
  const TAG = scriptTag('h4sh');

  it('rewrites and injects in one go, keeping every other byte', () => {
    const page = Buffer.concat([
      Buffer.from(`<html><head><link href="${FONT}"></head><body>Gr`),
      Buffer.from([0xf6, 0xdf]),
      Buffer.from(`e<script>x="${HLS}"</script></body>\n</html>`),
    ]);
    const out = rewriteEditorPage(page, TAG, TO);
    const expected = Buffer.concat([
      Buffer.from(`<html><head><link href="${TO.iconCss}"></head><body>Gr`),
      Buffer.from([0xf6, 0xdf]),
      Buffer.from(`e<script>x="${TO.hlsJs}"</script>${TAG}</body>\n</html>`),
    ]);
    expect(out.equals(expected)).toBe(true);
  });

  it('rewrites the URLs when there is no bundle to inject, and returns the same bytes when nothing changes', () => {
    expect(rewriteEditorPage(Buffer.from(`<body><script src="${HLS}"></script></body>`), null, TO).toString()).toBe(
      `<body><script src="${TO.hlsJs}"></script></body>`,
    );
    const plain = Buffer.from('<body>no CDN here</body>');
    expect(rewriteEditorPage(plain, null, TO)).toBe(plain);
  });
});
