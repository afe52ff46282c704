/**
 * Attack table: the Host header (forward-auth directory mode, real slapd, stand-in editor). Found
 * by an attacker pass after the first issue 12 fixes; each row failed before requestTargetGuard
 * refused a Host that is not a plain host and a routed path other than the target's.
 *
 * Host header into the routing path: @hono/node-server builds the Request URL as
 * `http://${Host}${req.url}` and accepts it when the parsed hostname is as long as the Host value
 * (dist/index.mjs buildUrl: `hostname.length !== host.length && hostname !== host`). A Host whose
 * IDN/IPv4 form grows by exactly the length of a `/path?` suffix ("üa.üa.üa/_overlay/api/users?":
 * 29 bytes, hostname "xn--a-dha.xn--a-dha.xn--a-dha": 29) makes Hono route on `/_overlay/api/users`
 * while requestTargetGuard and the route table decide on req.url (`/`, viewer) and the editor
 * proxy forwards req.url. Go-based proxies (Caddy) refuse such a Host (400 malformed Host header);
 * anyone who reaches the overlay without one (ldap-login on a reachable HOST, another proxy,
 * anything on the host) does not.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { putRuleAsAdmin } from '../harness/overlay-calls.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
  await putRuleAsAdmin(stack.overlay.url, { path: 'drone1', groups: ['vid_private'] });
});
afterAll(() => stack?.stop());

/**
 * A Host value `labels + path` whose WHATWG hostname ("üa" → "xn--a-dha", +7 each; a soft hyphen
 * is dropped, −1) is exactly as long as the whole value, so the length check lets it through.
 */
function hostSmuggling(path: string): string {
  for (let labels = 1; labels < 20; labels++) {
    for (let shy = 0; shy <= 7 * labels; shy++) {
      const parts = Array.from({ length: labels }, (_, i) => 'üa' + '\u00ad'.repeat(Math.floor(shy / labels) + (i < shy % labels ? 1 : 0)));
      const host = parts.join('.') + path;
      if (URL.parse(`http://${host}/`)?.hostname.length === host.length) return host;
    }
  }
  throw new Error(`no smuggling host for ${path}`);
}

/** One request written byte for byte (headers as latin1, as a client on the wire can send them). */
function wireRequest(method: string, target: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  const { port } = new URL(stack.overlay.url);
  const lines = [
    `${method} ${target} HTTP/1.1`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    '',
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), Buffer.from(body)])));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(text.split(' ')[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

const viewer = () => ({ ...asForwardAuthUser('demo-viewer'), Accept: 'application/json' });

describe('a Host header cannot move routing away from the path the route table decided on (severity: high)', () => {
  it('viewer, GET /api/hlsviewer-credential, Host ".../nothing?": no shared hlsviewer password', async () => {
    const res = await wireRequest('GET', '/api/hlsviewer-credential', { ...viewer(), Host: hostSmuggling('/nothing?') });
    // Before the fix: 200 {"username":"hlsviewer","password":"<the editor's shared password>"}: Hono misses the
    // overlay's handler, the catch-all forwards the raw path to the editor as the viewer account.
    expect(res.status).toBe(400);
    expect(res.body).not.toContain(stack.editor.hlsViewerPassword);
  });

  it('viewer, GET /api/streams, Host ".../nothing?": the list stays filtered', async () => {
    const res = await wireRequest('GET', '/api/streams', { ...viewer(), Host: hostSmuggling('/nothing?') });
    // Before the fix: 200 with drone1 (vid_private only) in it, unfiltered.
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('drone1');
  });

  it('viewer, GET /, Host ".../_overlay/api/users?": no admin API', async () => {
    const res = await wireRequest('GET', '/', { ...viewer(), Host: hostSmuggling('/_overlay/api/users?') });
    // Before the fix: 200 {"users":[...every person, e-mail and group...]}.
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('alice@example.test');
  });

  it('viewer, GET /, Host ".../_overlay/api/doctor?": no admin API', async () => {
    const res = await wireRequest('GET', '/', { ...viewer(), Host: hostSmuggling('/_overlay/api/doctor?') });
    // Before the fix: 200 with the doctor's checks (editor and directory addresses, accounts).
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('"checks"');
  });

  it('viewer, POST /api/share-links/generate, Host ".../_overlay/api/groups?": no admin write handler runs', async () => {
    // An invalid body, so that even the unfixed overlay creates nothing in the shared slapd.
    const res = await wireRequest(
      'POST',
      '/api/share-links/generate',
      { ...viewer(), Origin: stack.overlay.url, 'Content-Type': 'application/json', Host: hostSmuggling('/_overlay/api/groups?') },
      '{}',
    );
    // Before the fix: the groups handler's own validation answers (it names the "name" field), i.e. a viewer
    // reaches POST /_overlay/api/groups; the same works for /_overlay/api/access-requests/:id/approve.
    expect(res.status).toBe(400);
    expect(res.body).not.toMatch(/"field":"name"/);
  });

  it('anyone, GET /, Host ".../metrics?": /metrics is not reached under another path', async () => {
    const res = await wireRequest('GET', '/', { Host: hostSmuggling('/metrics?') });
    // Before the fix: 200 with the Prometheus text (Caddy's 404 for /metrics is about the path, not the Host).
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('# HELP');
  });
});
