/** The redaction rule (redact.ts) and the YAML diff it guards (config-diff.ts): no secret leaves either. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffConfig, MAX_DIFF_CHARS, MAX_DIFF_LINES, MAX_KEY_CHARS, parseConfig } from './config-diff.ts';
import { cleanText, editorSummary, fieldReader } from './editor-routes.ts';
import { isSecretKey, REDACTED, redactString, redactTree } from './redact.ts';

describe('isSecretKey', () => {
  it.each([
    'pass',
    'password',
    'srtPublishPassphrase',
    'srtReadPassphrase',
    'secret',
    'clientSecret',
    'token',
    'authJWTClaimKey',
    'rtspServerKey',
    'serverKey',
    'apiKey',
    'api_key',
    'private-key',
    'key',
    'PASSWORD',
    'sessionCookie',
    'authorization',
    'runOnReady',
    'runOnInit',
    'credentials',
    'pwd',
    'adminPwd',
    'pw',
  ])('%s is secret', (name) => expect(isSecretKey(name)).toBe(true));

  it.each(['user', 'username', 'ips', 'permissions', 'authMethod', 'authHTTPAddress', 'logLevel', 'hlsSegmentCount', 'keyframeInterval', 'source', 'paths'])(
    '%s is not',
    (name) => expect(isSecretKey(name)).toBe(false),
  );
});

describe('redactString', () => {
  it.each([
    ['rtsp://admin:hunter2@10.0.0.5:554/cam', `rtsp://${REDACTED}@10.0.0.5:554/cam`],
    ['http://svc:p@ss@auth.local/auth', `http://${REDACTED}@auth.local/auth`],
    ['srt://host:8890?streamid=read:cam1:bob:hunter2&latency=200', `srt://host:8890?streamid=read:cam1:${REDACTED}&latency=200`],
    ['srt://host:8890?passphrase=hunter2hunter2&mode=caller', `srt://host:8890?passphrase=${REDACTED}&mode=caller`],
    ['rtmp://host/live?user=bob&pass=hunter2', `rtmp://host/live?user=bob&pass=${REDACTED}`],
    ['https://example.org/x?token=abc&apiKey=def', `https://example.org/x?token=${REDACTED}&apiKey=${REDACTED}`],
    ['srt://host:8890?streamid=publish:cam1', 'srt://host:8890?streamid=publish:cam1'],
    ['plain text, no URL', 'plain text, no URL'],
  ])('%s', (input, output) => expect(redactString(input)).toBe(output));

  // Shapes a credential takes in MediaMTX's configuration that the first rule missed (the attacker's pass).
  it.each([
    // The standard SRT streamid (MediaMTX docs): u= is the user, s= the password; # as written, or encoded.
    ['srt://h:8890?streamid=#!::m=publish,r=cam,u=bob,s=Std-Sid-Pass-1&pkt_size=1316', 'Std-Sid-Pass-1'],
    ['srt://h:8890?streamid=%23!%3A%3Am%3Drequest%2Cr%3Dcam%2Cu%3Dbob%2Cs%3DStd-Sid-Pass-2', 'Std-Sid-Pass-2'],
    // The deprecated webrtcICEServers entry: type:user:pass:host:port.
    ['turn:alice:Ice-Legacy-Pass-3:turn.example.org:3478', 'Ice-Legacy-Pass-3'],
    // A password with ?, / or # in it, not percent-encoded (as people type them into a camera URL).
    ['rtsp://admin:ab?Url-Pass-4@10.0.0.9:554/main', 'Url-Pass-4'],
    ['rtsp://admin:ab/Url-Pass-5@10.0.0.9:554/main', 'Url-Pass-5'],
    ['rtsp://admin:ab#Url-Pass-6@10.0.0.9:554/main', 'Url-Pass-6'],
    // Camera CGI credentials (Foscam and alike): usr=&pwd=.
    ['http://10.0.0.9:88/cgi-bin/CGIStream.cgi?cmd=GetMJStream&usr=admin&pwd=Cgi-Pass-7', 'Cgi-Pass-7'],
    // A JWT (MediaMTX's own ?jwt=, or anywhere in a value) is a bearer credential.
    ['https://other.example/cam/index.m3u8?jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJKd3QtOCJ9.Jwt-Sig-8abc', 'Jwt-Sig-8abc'],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJKd3QtOSJ9.Jwt-Sig-9abc', 'Jwt-Sig-9abc'],
    // An RTMP stream key is the path after the application (forward: [{dest: ...}] to YouTube, Twitch, Facebook).
    ['rtmp://a.rtmp.youtube.com/live2/Rtmp-Key-10ab-cdef', 'Rtmp-Key-10ab'],
    ['rtmps://live-api-s.facebook.com:443/rtmp/FB-Rtmp-Key-11?s_bl=1&a=Rtmp-Key-11b', 'Rtmp-Key-11'],
    // XMEye-style cameras put the credentials in the path, joined by _.
    ['rtsp://10.0.0.9:554/user=admin_password=Xm-Pass-12_channel=1_stream=0.sdp?real_stream', 'Xm-Pass-12'],
  ])('%s loses its secret', (input, secret) => {
    const out = redactString(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('keeps what the standard streamid and an ICE server say besides the credentials', () => {
    expect(redactString('srt://h:8890?streamid=#!::m=publish,r=cam,u=bob,s=x&pkt_size=1316')).toBe(
      `srt://h:8890?streamid=#!::m=publish,r=cam,${REDACTED}&pkt_size=1316`,
    );
    expect(redactString('turn:alice:x:turn.example.org:3478')).toBe(`turn:${REDACTED}:turn.example.org:3478`);
    expect(redactString('stun:stun.l.google.com:19302')).toBe('stun:stun.l.google.com:19302');
    expect(redactString('rtmp://a.rtmp.youtube.com/live2/abc-def')).toBe(`rtmp://a.rtmp.youtube.com/live2/${REDACTED}`);
    expect(redactString('rtmp://10.0.0.9/cam1')).toBe('rtmp://10.0.0.9/cam1');
  });
});

describe('diffConfig', () => {
  const before = {
    logLevel: 'info',
    authInternalUsers: [
      { user: 'any', pass: '', ips: ['127.0.0.1'], permissions: [{ action: 'publish' }] },
      { user: 'hlsviewer', pass: 'viewer-secret-1', ips: [], permissions: [{ action: 'read' }] },
      { user: 'ops', pass: 'ops-secret-2', ips: [], permissions: [{ action: 'read' }] },
    ],
    pathDefaults: { srtReadPassphrase: 'old-passphrase-3' },
    paths: { cam1: { source: 'rtsp://cam:cam-secret-4@10.0.0.9/main' } },
  };

  it('names each changed key with before and after, list items by index, every secret redacted', () => {
    const after = structuredClone(before) as typeof before & { paths: Record<string, unknown> };
    after.logLevel = 'debug';
    after.authInternalUsers.splice(1, 1); // ops moves from [2] to [1]
    after.authInternalUsers.push({ user: 'new', pass: 'new-secret-5', ips: [], permissions: [{ action: 'read' }] });
    after.pathDefaults.srtReadPassphrase = 'new-passphrase-6';
    after.paths.cam1 = { source: 'rtsp://cam:cam-secret-7@10.0.0.10/main' };
    after.paths.drone = { source: 'srt://d:8890?streamid=read:drone:u:drone-secret-8', runOnReady: 'curl -u admin:hook-secret-9 http://x' };
    const { lines, changed } = diffConfig(before, after);
    expect(lines).toEqual([
      { key: 'logLevel', before: 'info', after: 'debug' },
      { key: 'authInternalUsers[1].user', before: 'hlsviewer', after: 'ops' },
      { key: 'authInternalUsers[1].pass', before: REDACTED, after: REDACTED },
      { key: 'authInternalUsers[2].user', before: 'ops', after: 'new' },
      { key: 'authInternalUsers[2].pass', before: REDACTED, after: REDACTED },
      { key: 'pathDefaults.srtReadPassphrase', before: REDACTED, after: REDACTED },
      { key: 'paths.cam1.source', before: `rtsp://${REDACTED}@10.0.0.9/main`, after: `rtsp://${REDACTED}@10.0.0.10/main` },
      { key: 'paths.drone', before: null, after: { source: `srt://d:8890?streamid=read:drone:${REDACTED}`, runOnReady: REDACTED } },
    ]);
    expect(changed).toBe(8);
    expect(JSON.stringify(lines)).not.toMatch(/secret|passphrase-/);
  });

  it('shows an added list item whole, redacted inside', () => {
    const users = [{ user: 'a', pass: 'a-secret-12' }];
    expect(diffConfig({ authInternalUsers: users }, { authInternalUsers: [...users, { user: 'b', pass: 'b-secret-13' }] }).lines).toEqual([
      { key: 'authInternalUsers[1]', before: null, after: { user: 'b', pass: REDACTED } },
    ]);
  });

  it('redacts a secret even when empty, and a whole subtree under a secret key', () => {
    const { lines } = diffConfig({ a: { pass: '' } }, { a: { pass: { nested: ['x'] } }, token: ['t1', 't2'] });
    expect(lines).toEqual([
      { key: 'a.pass', before: REDACTED, after: REDACTED },
      { key: 'token', before: null, after: REDACTED },
    ]);
  });

  it('quotes names that are not plain words, and keeps at most MAX_DIFF_LINES lines while counting all', () => {
    expect(diffConfig({ paths: {} }, { paths: { 'live/cam.1': { source: 'publisher' } } }).lines).toEqual([
      { key: 'paths["live/cam.1"]', before: null, after: { source: 'publisher' } },
    ]);
    const many = Object.fromEntries(Array.from({ length: MAX_DIFF_LINES + 5 }, (_, i) => [`k${i}`, i]));
    const diff = diffConfig({}, many);
    expect([diff.lines.length, diff.changed]).toEqual([MAX_DIFF_LINES, MAX_DIFF_LINES + 5]);
  });

  it('keeps an entry bounded: a key name is cut, and the lines stop at a size budget while every change is counted', () => {
    const longKey = 'k'.repeat(100_000);
    const [line] = diffConfig({ paths: {} }, { paths: { [longKey]: { source: 'publisher' } } }).lines;
    expect(line!.key.length).toBeLessThanOrEqual(MAX_KEY_CHARS);
    const big = Object.fromEntries(Array.from({ length: MAX_DIFF_LINES }, (_, i) => [`k${i}`, 'v'.repeat(1_900)]));
    const diff = diffConfig({}, big);
    expect(JSON.stringify(diff.lines).length).toBeLessThanOrEqual(MAX_DIFF_CHARS);
    expect(diff.changed).toBe(MAX_DIFF_LINES);
  });

  it('parses YAML, and gives null (never the parser message, which quotes the line) for text that is not', () => {
    expect(parseConfig(stringify(before))).toEqual(before);
    expect(parseConfig('authInternalUsers:\n  - pass: "unclosed-secret-10\n    user: x\n: : :')).toBeNull();
    expect(parseConfig('')).toEqual({});
  });

  it('redactTree leaves the shape and replaces only secrets', () => {
    expect(redactTree({ user: 'u', pass: 'p', list: [{ token: 't' }, 'rtsp://a:b@h/x'] })).toEqual({
      user: 'u',
      pass: REDACTED,
      list: [{ token: REDACTED }, `rtsp://${REDACTED}@h/x`],
    });
  });
});

describe('editor summaries', () => {
  const facts = (fields: Record<string, unknown>, ok = true) => ({ field: fieldReader(fields), ok, upload: null });

  it('say what was done, or what could not be', () => {
    expect(editorSummary('POST', '/service/restart', facts({}))).toBe('restarted MediaMTX');
    expect(editorSummary('POST', '/api/mediamtx/users/add', facts({ username: 'cam-pub', password: 'never-shown-11' }))).toBe('added MediaMTX user cam-pub');
    expect(editorSummary('POST', '/api/mediamtx/users/add', facts({ username: 'cam-pub' }, false))).toBe('could not add MediaMTX user cam-pub');
    expect(editorSummary('POST', '/api/firewall/add', facts({ port: 8554, protocol: 'tcp' }))).toBe('opened port 8554/tcp in the firewall');
    expect(editorSummary('POST', '/api/protocols/toggle', facts({ protocol: 'srt', enabled: false }))).toBe('disabled SRT');
    expect(editorSummary('POST', '/restore/mediamtx.yml.20260101_000000', facts({}))).toBe('restored the configuration backup mediamtx.yml.20260101_000000');
    expect(editorSummary('POST', '/api/unknown/route', facts({}))).toBe('POST /api/unknown/route on the editor');
  });

  it('can never read a secret field, and clean what they show', () => {
    expect(() => fieldReader({ password: 'x' })('password')).toThrow(/secret field/);
    expect(() => fieldReader({})('srtPublishPassphrase')).toThrow(/secret field/);
    expect(cleanText('a\nb\u0000c\u2028d')).toBe('a b c d');
    expect(cleanText('x'.repeat(200))).toHaveLength(80);
    expect(cleanText('rtsp://u:pw@h/x')).toBe(`rtsp://${REDACTED}@h/x`);
  });

  it('drop the invisible characters that would make a summary read otherwise than it is (bidi overrides, zero-width)', () => {
    // photo<RLO>gnp.exe shows as "photoexe.png"; a zero-width space hides a second name inside one.
    expect(cleanText('photo\u202Egnp.exe')).toBe('photo gnp.exe');
    expect(cleanText('a\u200Bb\u2066c\u2069d\uFEFFe')).toBe('a b c d e');
  });
});
