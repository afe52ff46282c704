import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { relayRewritten } from '../proxy/relay.ts';
import type { UiBundle } from './bundle.ts';
import { HIDE_EDITOR_IDENTITY, htmlInjection, injectBeforeBodyEnd, isInjectableResponse, scriptTag } from './inject.ts';
import { pickEncoding } from './routes.ts';

const TAG = scriptTag('h4sh');
const inject = (html: string) => injectBeforeBodyEnd(Buffer.from(html, 'utf8'), TAG).toString('utf8');

describe('injectBeforeBodyEnd', () => {
  it('puts the script right before </body>', () => {
    expect(inject('<html><body><p>x</p>\n</body>\n</html>')).toBe(`<html><body><p>x</p>\n${TAG}</body>\n</html>`);
    expect(TAG).toBe(`${HIDE_EDITOR_IDENTITY}<script type="module" src="/_overlay/overlay.js?v=h4sh"></script>`);
    expect(HIDE_EDITOR_IDENTITY).toBe('<style data-vid-overlay>.header-user>[onclick*="password-modal"],#password-modal{display:none!important}</style>');
  });

  it('finds </BODY> in any case', () => {
    expect(inject('<HTML><BODY>x</BODY></HTML>')).toBe(`<HTML><BODY>x${TAG}</BODY></HTML>`);
    expect(inject('<html><body>x</Body ></html>')).toBe(`<html><body>x${TAG}</Body ></html>`);
  });

  it("uses the last </body>: earlier ones sit inside the editor's popup-writing scripts", () => {
    const page = '<html><body><script>w.document.write("<html><body>player</body></html>")</script>\n</body>\n</html>';
    const out = inject(page);
    expect(out.split(TAG)).toHaveLength(2);
    expect(out.endsWith(`${TAG}</body>\n</html>`)).toBe(true);
    expect(out).toContain('player</body></html>")');
  });

  it('appends to a whole page without </body>, leaves fragments alone, never injects twice', () => {
    expect(inject('<!doctype html><html><body>cut short')).toBe(`<!doctype html><html><body>cut short${TAG}`);
    expect(inject('<div>a fragment</div>')).toBe('<div>a fragment</div>');
    expect(inject('')).toBe('');
    const once = inject('<body>x</body>');
    expect(injectBeforeBodyEnd(Buffer.from(once), TAG).toString()).toBe(once);
  });

  it('keeps every other byte as it was, whatever the charset', () => {
    const latin1 = Buffer.from([0x3c, 0x62, 0x6f, 0x64, 0x79, 0x3e, 0xe9, 0xff, 0x00, ...Buffer.from('</body>')]);
    const out = injectBeforeBodyEnd(latin1, TAG);
    expect(out.subarray(0, 9)).toEqual(latin1.subarray(0, 9));
    expect(out.subarray(9, 9 + TAG.length).toString()).toBe(TAG);
    const utf8 = Buffer.from('<body>Größe ✓ 日本</body>', 'utf8');
    expect(injectBeforeBodyEnd(utf8, TAG).toString('utf8')).toBe(`<body>Größe ✓ 日本${TAG}</body>`);
  });
});

describe('isInjectableResponse', () => {
  const res = (statusCode: number, headers: Record<string, string>) => ({ statusCode, headers }) as Pick<IncomingMessage, 'statusCode' | 'headers'>;
  it.each([
    [200, { 'content-type': 'text/html; charset=utf-8' }, true],
    [200, { 'content-type': 'TEXT/HTML' }, true],
    [200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, true],
    [200, { 'content-type': 'text/html', 'content-encoding': 'zstd' }, false],
    [404, { 'content-type': 'text/html' }, false],
    [302, { 'content-type': 'text/html' }, false],
    [200, { 'content-type': 'application/json' }, false],
    [200, { 'content-type': 'text/event-stream' }, false],
    [200, {}, false],
  ])('%i %o → %s', (status, headers, expected) => expect(isInjectableResponse(res(status, headers))).toBe(expected));
});

describe('the injection transform through the relay', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  async function listen(server: Server): Promise<string> {
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const bundle: UiBundle = { path: '/nowhere', current: async () => ({ hash: 'h4sh', identity: Buffer.alloc(0), gzip: Buffer.alloc(0), br: Buffer.alloc(0) }) };
  const page = '<html><head><title>Ü</title></head><body>console</body>\n</html>';

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['identity', (b: Buffer) => b],
  ] as const)('undoes %s, injects, and sends a matching Content-Length without the old validators', async (coding, encode) => {
    const upstream = await listen(
      createServer((_req, res) => {
        const body = encode(Buffer.from(page));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': coding, etag: '"editor"', 'content-length': body.length });
        res.end(body);
      }),
    );
    const front = await listen(
      createServer((req, res) => {
        request(upstream, (proxyRes) => {
          const transform = htmlInjection(bundle, req.method ?? 'GET')!;
          expect(transform.applies(proxyRes)).toBe(true);
          void relayRewritten(proxyRes, res, transform, { editorOrigin: upstream, dropSetCookie: true });
        }).end();
      }),
    );
    const res = await fetch(front, { headers: { 'accept-encoding': 'identity' } });
    const text = await res.text();
    expect(text).toBe(page.replace('</body>', `${TAG}</body>`));
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('etag')).toBeNull();
  });

  it('leaves HEAD alone, and a page unchanged while the bundle is not built', async () => {
    expect(htmlInjection(bundle, 'HEAD')).toBeUndefined();
    const missing: UiBundle = { path: '/nowhere', current: async () => null };
    const body = Buffer.from(page);
    expect(await htmlInjection(missing, 'GET')!.rewrite(body)).toBe(body);
  });
});

describe('pickEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0, identity', 'identity'],
    ['identity', 'identity'],
    ['', 'identity'],
    [undefined, 'identity'],
  ])('%s → %s', (header, encoding) => expect(pickEncoding(header)).toBe(encoding));
});
