/** GET /_overlay/api/mediamtx-settings and POST .../apply, through the overlay, against the MediaMTX API double. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

const LOOPBACK = ['127.0.0.1', '::1'];
const TRUSTED = { hlsTrustedProxies: LOOPBACK, webrtcTrustedProxies: LOOPBACK, playbackTrustedProxies: LOOPBACK };
const UNTRUSTED = { hlsTrustedProxies: [], webrtcTrustedProxies: [], playbackTrustedProxies: [] };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { OVERLAY_INTERNAL_URL: 'http://10.1.2.3:8080' } });
});
afterAll(() => stack?.stop());

async function call(target: Stack, method: string, route: string, options: { user?: string; body?: string; type?: string } = {}) {
  const headers: Record<string, string> = { ...asForwardAuthUser(options.user ?? 'demo-admin'), Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = options.type ?? 'application/json';
  const res = await fetch(`${target.overlay.url}/_overlay/api/mediamtx-settings${route}`, { method, headers, body: options.body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const apply = (body: unknown, options: { user?: string; type?: string } = {}) =>
  call(stack, 'POST', '/apply', { ...options, body: typeof body === 'string' ? body : JSON.stringify(body) });
const patches = () => stack.mediamtx.requests.filter((r) => r.method === 'PATCH');
const backups = async () => (await readdir(stack.overlay.config.dataDir)).filter((f) => f.startsWith('mediamtx-settings-backup-'));

describe('MediaMTX settings API', () => {
  it('gives admins the auth section as JSON and as YAML', async () => {
    const { status, body } = await call(stack, 'GET', '');
    expect(status).toBe(200);
    const expected = {
      authMethod: 'http',
      authHTTPAddress: 'http://10.1.2.3:8080/auth/mediamtx',
      authHTTPExclude: [{ action: 'api' }, { action: 'metrics' }, { action: 'pprof' }],
      ...TRUSTED,
    };
    expect(body).toMatchObject({ authMethod: 'http', settings: expected, mediamtxApiUrl: stack.mediamtx.url });
    expect(parse(body.yaml)).toEqual(expected);
    expect(body.notes).toEqual(expect.arrayContaining([expect.stringContaining('MEDIAMTX_CONFIG_FILE is not set')]));
    expect(body.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('are MEDIAMTX_TRUSTED_PROXIES (127.0.0.1, ::1), the reverse proxy in front of MediaMTX')]),
    );
  });

  it('is for admins only', async () => {
    expect((await call(stack, 'GET', '', { user: 'demo-viewer' })).status).toBe(403);
    expect((await apply({ confirm: true }, { user: 'demo-viewer' })).status).toBe(403);
    expect(patches()).toEqual([]);
  });

  it.each([
    [{}, 'confirm'],
    [{ confirm: 'yes' }, 'confirm'],
    [{ confirm: true, force: true }, 'force'],
    [[true], 'body'],
    ['{"confirm": tru', 'body'],
  ])('refuses to apply without {"confirm": true}: %j', async (body, field) => {
    const { status, body: answer } = await apply(body);
    expect(status).toBe(400);
    expect(answer.field).toBe(field);
    expect(patches()).toEqual([]);
  });

  it('refuses anything but JSON', async () => {
    expect((await apply('confirm: true', { type: 'application/yaml' })).status).toBe(415);
    expect((await apply('confirm=true', { type: 'text/plain' })).status).toBe(403); // a form post, refused before any route
    expect(patches()).toEqual([]);
  });

  it('applies with confirmation: previous values backed up under DATA_DIR, only the auth keys patched', async () => {
    const { status, body } = await apply({ confirm: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      applied: true,
      changed: ['authMethod', 'authHTTPAddress', ...Object.keys(TRUSTED)],
      previous: { authMethod: 'internal', authHTTPAddress: '', ...UNTRUSTED },
      mediamtxApiUrl: stack.mediamtx.url,
    });
    expect(path.dirname(body.backupFile)).toBe(path.resolve(stack.overlay.config.dataDir));
    expect(JSON.parse(await readFile(body.backupFile, 'utf8'))).toEqual({ authMethod: 'internal', authHTTPAddress: '', ...UNTRUSTED });
    expect(patches().map((r) => JSON.parse(r.body!))).toEqual([{ authMethod: 'http', authHTTPAddress: 'http://10.1.2.3:8080/auth/mediamtx', ...TRUSTED }]);
    expect(stack.mediamtx.globalConfig()).toMatchObject({
      authMethod: 'http',
      authHTTPAddress: 'http://10.1.2.3:8080/auth/mediamtx',
      hlsTrustedProxies: ['127.0.0.1/32', '::1/128'],
    });
    expect(stack.overlay.logs.find((l) => l.msg === 'MediaMTX auth settings applied')).toMatchObject({
      actor: 'demo-admin',
      changed: ['authMethod', 'authHTTPAddress', ...Object.keys(TRUSTED)],
    });
  });

  it('changes nothing when MediaMTX already has the section', async () => {
    const { status, body } = await apply({ confirm: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({ applied: false, changed: [], backupFile: null });
    expect(patches()).toHaveLength(1);
    expect(await backups()).toHaveLength(1);
  });
});

describe('MediaMTX settings API with MediaMTX unreachable', () => {
  let offline: Stack;
  let apiUrl: string;
  beforeAll(async () => {
    apiUrl = `http://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    offline = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { MEDIAMTX_API_URL: apiUrl, REVOCATION_INTERVAL: '0' } });
  });
  afterAll(() => offline?.stop());

  it('still shows the section, but refuses to apply with a clear message', async () => {
    expect((await call(offline, 'GET', '')).status).toBe(200);
    const { status, body } = await call(offline, 'POST', '/apply', { body: JSON.stringify({ confirm: true }) });
    expect(status).toBe(503);
    expect(body.error).toBe(
      `MediaMTX's API at ${apiUrl} cannot be reached while reading its configuration. Nothing was changed. Start MediaMTX or correct MEDIAMTX_API_URL, then apply again.`,
    );
    expect((await readdir(offline.overlay.config.dataDir)).filter((f) => f.includes('backup'))).toEqual([]);
  });
});
