import type { IncomingMessage } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { clientHeaders, decodeBody, rewrittenHeaders } from './relay.ts';

const editorOrigin = 'http://127.0.0.1:5080';
const answer = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage;

describe('clientHeaders', () => {
  const editor = answer({
    connection: 'keep-alive',
    'transfer-encoding': 'chunked',
    'content-type': 'text/html',
    location: 'http://127.0.0.1:5080/login?next=%2F',
    'set-cookie': ['session=abc; HttpOnly'],
  });

  it("keeps the browser on the overlay's host and strips hop-by-hop fields", () => {
    expect(clientHeaders(editor, { editorOrigin, dropSetCookie: false })).toEqual({
      'content-type': 'text/html',
      location: '/login?next=%2F',
      'set-cookie': ['session=abc; HttpOnly'],
    });
  });

  it("never hands the editor's session cookie to a directory user", () => {
    expect(clientHeaders(editor, { editorOrigin, dropSetCookie: true })).not.toHaveProperty('set-cookie');
  });

  it('leaves redirects to other hosts alone', () => {
    expect(clientHeaders(answer({ location: 'https://auth.example.org/flow' }), { editorOrigin, dropSetCookie: true }).location).toBe(
      'https://auth.example.org/flow',
    );
  });
});

describe('rewrittenHeaders', () => {
  it('describes the new body: its length, no coding, no stale validators', () => {
    expect(
      rewrittenHeaders({ 'content-type': 'application/json', 'content-encoding': 'gzip', etag: '"x"', 'last-modified': 'yesterday', 'content-length': 10 }, 42),
    ).toEqual({ 'content-type': 'application/json', 'content-length': 42 });
  });
});

describe('decodeBody', () => {
  const text = Buffer.from('{"streams":[]}');
  it.each([
    [undefined, text],
    ['identity', text],
    ['gzip', gzipSync(text)],
    ['deflate', deflateSync(text)],
    ['br', brotliCompressSync(text)],
    ['gzip, br', brotliCompressSync(gzipSync(text))],
  ])('undoes Content-Encoding %s', async (encoding, body) => {
    expect((await decodeBody(body, encoding)).equals(text)).toBe(true);
  });

  it('refuses a coding it cannot undo rather than passing the body on unfiltered', async () => {
    await expect(decodeBody(text, 'zstd')).rejects.toThrow(/Content-Encoding zstd/);
  });
});
