/** What passes through must arrive as the editor sent it: streams, uploads, downloads, failures. */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex');

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
});
afterAll(() => stack?.stop());

const admin = () => asForwardAuthUser('demo-admin');

describe('pass-through fidelity in directory mode', () => {
  it('streams Server-Sent Events unbuffered: the first event arrives long before the stream ends', async () => {
    const started = Date.now();
    const res = await fetch(`${stack.overlay.url}/stream_logs`, { headers: admin() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const first = await reader.read();
    const firstAt = Date.now() - started;
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: /);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    const endAt = Date.now() - started;
    expect(rest).toContain('data: ');
    // Ordering, not timing: the stand-in spreads its events over ~1.5 s.
    expect(firstAt).toBeLessThan(endAt / 2);
  });

  it('carries a large multipart upload and the download back byte for byte', async () => {
    const data = randomBytes(12 * 1024 * 1024);
    const form = new FormData();
    form.append('file', new Blob([data]), 'big.bin');
    const upload = await fetch(`${stack.overlay.url}/api/test/upload`, { method: 'POST', headers: { ...admin(), Origin: stack.overlay.url }, body: form });
    expect(upload.status).toBe(200);
    expect(await upload.json()).toMatchObject({ ok: true, size: data.length, sha256: sha256(data) });
    const download = await fetch(`${stack.overlay.url}/api/recordings/download/big.bin`, { headers: admin() });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/attachment/);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(data));
  });
});

describe('editor down', () => {
  it('answers 502, HTML for pages and JSON for the API, and the overlay stays up', async () => {
    const local = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
    try {
      await local.editor.stop();
      const page = await fetch(`${local.overlay.url}/`, { headers: { ...asForwardAuthUser('demo-admin'), Accept: 'text/html' } });
      expect(page.status).toBe(502);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('The editor is not answering');
      const api = await fetch(`${local.overlay.url}/api/streams`, { headers: asForwardAuthUser('demo-viewer') });
      expect(api.status).toBe(502);
      expect(await api.json()).toMatchObject({ error: expect.stringMatching(/could not be reached/) });
      const health = await fetch(`${local.overlay.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({
        status: 'degraded',
        mode: 'directory',
        dependencies: { editor: { state: 'degraded' }, directory: { state: 'ok' } },
      });
    } finally {
      await local.overlay.stop();
      await local.mediamtx.stop();
    }
  });
});
