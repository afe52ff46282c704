/**
 * Attack table: secrets the activity log must never keep (issue 15). Each row plants a secret in
 * a change an admin makes through the overlay, where a careless log would pick it up: a YAML
 * diff of a list, a passphrase, a URL's credentials, a hook command, a MediaMTX user's password,
 * a refused save the parser would quote, a summary's fields. Then the store is read raw (the
 * SQLite file, every Redis key), and the API's answers (list, detail, CSV) and the log lines are
 * searched for each value. Both backends. One row more: CSV cells that a spreadsheet would run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ActivityPage } from '../../server/contract.ts';
import { startRedis, type RedisServer } from '../harness/redis.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';
import { SAMPLE_LAYOUT } from '../stand-in-editor/index.ts';

type Post = { path: string; body: URLSearchParams | object };
type Row = [what: string, secret: string, post: (config: Record<string, any>, secret: string) => Post];

const yamlSave = (config: Record<string, any>): Post => ({ path: '/save_yaml', body: new URLSearchParams({ yaml_content: stringify(config, SAMPLE_LAYOUT) }) });

const ROWS: Row[] = [
  [
    'a password inside a list item of a saved YAML (authInternalUsers[1].pass)',
    'Atk-List-Pass-1a',
    (config, secret) => {
      config.authInternalUsers[1].pass = secret;
      return yamlSave(config);
    },
  ],
  [
    'a new list item carrying a password (added internal user)',
    'Atk-New-Item-2b',
    (config, secret) => {
      config.authInternalUsers.push({ user: 'extra', pass: secret, ips: [], permissions: [{ action: 'read' }] });
      return yamlSave(config);
    },
  ],
  [
    'an SRT passphrase under pathDefaults',
    'Atk-Passphrase-3c',
    (config, secret) => {
      config.pathDefaults = { ...config.pathDefaults, srtReadPassphrase: secret };
      return yamlSave(config);
    },
  ],
  [
    "credentials in a source URL's user:password@",
    'Atk-Url-Pass-4d',
    (config, secret) => {
      config.paths = { ...config.paths, cam9: { source: `rtsp://cam:${secret}@10.0.0.9:554/main` } };
      return yamlSave(config);
    },
  ],
  [
    "an SRT streamid's password and a passphrase query parameter",
    'Atk-Streamid-5e',
    (config, secret) => {
      config.paths = { ...config.paths, srt9: { source: `srt://10.0.0.9:8890?streamid=read:cam:user:${secret}&passphrase=${secret}x` } };
      return yamlSave(config);
    },
  ],
  [
    'a stream key in a runOnReady command',
    'Atk-Stream-Key-6f',
    (config, secret) => {
      config.paths = { ...config.paths, push9: { runOnReady: `ffmpeg -i rtsp://localhost/push9 -c copy -f flv rtmp://a.rtmp.example/live2/${secret}` } };
      return yamlSave(config);
    },
  ],
  [
    'credentials in authHTTPAddress',
    'Atk-Auth-Url-7a',
    (config, secret) => {
      config.authHTTPAddress = `http://svc:${secret}@127.0.0.1:8080/auth/mediamtx`;
      return yamlSave(config);
    },
  ],
  [
    "the password of a standard SRT streamid (#!::u=,s=, MediaMTX's other syntax)",
    'Atk-Std-Streamid-2f',
    (config, secret) => {
      config.paths = { ...config.paths, srt10: { source: `srt://10.0.0.10:8890?streamid=#!::m=request,r=cam,u=bob,s=${secret}&latency=200` } };
      return yamlSave(config);
    },
  ],
  [
    'a TURN password in the deprecated webrtcICEServers (turn:user:pass:host:port)',
    'Atk-Ice-Legacy-3a',
    (config, secret) => {
      config.webrtcICEServers = ['stun:stun.l.google.com:19302', `turn:alice:${secret}:turn.example.org:3478`];
      return yamlSave(config);
    },
  ],
  [
    'a camera password with an unencoded ? in a source URL',
    'Atk-Url-Question-4b',
    (config, secret) => {
      config.paths = { ...config.paths, cam11: { source: `rtsp://admin:x?${secret}@10.0.0.11:554/main` } };
      return yamlSave(config);
    },
  ],
  [
    "a camera CGI's pwd= and a JWT in a source URL's query",
    'Atk-Pwd-Jwt-5c',
    (config, secret) => {
      config.paths = {
        ...config.paths,
        cam12: { source: `http://10.0.0.12:88/cgi-bin/CGIStream.cgi?usr=admin&pwd=${secret}` },
        cam13: { source: `https://other.example/cam/index.m3u8?jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.${secret}` },
      };
      return yamlSave(config);
    },
  ],
  [
    'an RTMP stream key in a forward destination (MediaMTX forwarding a path to YouTube)',
    'Atk-Rtmp-Key-6d',
    (config, secret) => {
      config.paths = { ...config.paths, live9: { forward: [{ dest: `rtmp://a.rtmp.youtube.com/live2/${secret}` }] } };
      return yamlSave(config);
    },
  ],
  [
    "an XMEye camera's password in its RTSP path (user=admin_password=..._channel=1)",
    'Atk-Xmeye-Path-7e',
    (config, secret) => {
      config.paths = { ...config.paths, cam14: { source: `rtsp://10.0.0.14:554/user=admin_password=${secret}_channel=1_stream=0.sdp` } };
      return yamlSave(config);
    },
  ],
  [
    'a MediaMTX user added with a password',
    'Atk-Add-User-8b',
    (_, secret) => ({ path: '/api/mediamtx/users/add', body: { username: 'atk-user', password: secret, permissions: ['read'] } }),
  ],
  [
    'a MediaMTX user whose password is changed',
    'Atk-Update-User-9c',
    (_, secret) => ({ path: '/api/mediamtx/users/update', body: { oldUsername: 'atk-user', username: 'atk-user', password: secret, permissions: ['read'] } }),
  ],
  [
    'a refused YAML save, whose parse error quotes the line with the password',
    'Atk-Refused-Save-0d',
    (_, secret) => ({ path: '/save_yaml', body: new URLSearchParams({ yaml_content: `authInternalUsers:\n- user: x\n  pass: ${secret}\n  ips: [\n` }) }),
  ],
  [
    'a share link token, which only the summary could show',
    'Atk-Share-Token-1e',
    (_, secret) => ({ path: '/api/share-links/revoke', body: { token: secret } }),
  ],
];

const ADMIN = asForwardAuthUser('demo-admin', ['vid_admin']);

describe.each(['sqlite', 'redis'] as const)('activity log secrets (%s)', (backend) => {
  let redis: RedisServer | null = null;
  let stack: Stack;
  beforeAll(async () => {
    redis = backend === 'redis' ? await startRedis() : null;
    stack = await startStack({ mode: 'forward-auth-headers-only', env: { REVOCATION_INTERVAL: '0', ...(redis && { STORE_URL: redis.url }) } });
  });
  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  async function post({ path, body }: Post, headers: Record<string, string> = ADMIN) {
    const json = !(body instanceof URLSearchParams);
    const res = await fetch(`${stack.overlay.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, Origin: stack.overlay.url, ...(json && { 'Content-Type': 'application/json' }) },
      body: json ? JSON.stringify(body) : body,
    });
    await res.arrayBuffer();
  }
  const get = async (path: string) => (await fetch(`${stack.overlay.url}/_overlay/api${path}`, { headers: ADMIN })).text();
  const entries = async () => (JSON.parse(await get('/activity?limit=500')) as ActivityPage).entries;

  /** Everything the store holds, as bytes: the SQLite file and its WAL, or every Redis key and value. */
  async function rawStore(): Promise<string> {
    if (!redis) {
      const dir = stack.overlay.config.dataDir;
      const files = (await readdir(dir)).filter((f) => f.startsWith('overlay.sqlite'));
      return (await Promise.all(files.map((f) => readFile(join(dir, f), 'latin1')))).join('\n');
    }
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const parts: string[] = [];
      for await (const keys of client.scanIterator({ COUNT: 100 })) {
        for (const key of keys) {
          const type = await client.type(key);
          const value =
            type === 'hash'
              ? await client.hGetAll(key)
              : type === 'zset'
                ? await client.zRange(key, 0, -1)
                : type === 'list'
                  ? await client.lRange(key, 0, -1)
                  : type === 'string'
                    ? await client.get(key)
                    : null;
          parts.push(key, JSON.stringify(value));
        }
      }
      return parts.join('\n');
    } finally {
      await client.close();
    }
  }

  it('leaves no planted secret in the store, the API answers (list, detail, CSV) or the logs', async () => {
    for (const [, secret, attack] of ROWS) {
      const before = (await entries()).length;
      await post(attack(parse(stack.editor.config) as Record<string, any>, secret));
      await expect.poll(async () => (await entries()).length).toBe(before + 1);
    }
    const listed = await entries();
    const details = await Promise.all(listed.map((e) => get(`/activity/${e.id}`)));
    const seen = {
      store: await rawStore(),
      list: JSON.stringify(listed),
      detail: details.join('\n'),
      csv: await get('/activity.csv'),
      logs: JSON.stringify(stack.overlay.logs),
    };
    const leaks = ROWS.flatMap(([what, secret]) =>
      Object.entries(seen)
        .filter(([, text]) => text.includes(secret))
        .map(([where]) => `${what}: in the ${where}`),
    );
    expect(leaks).toEqual([]);
    // The rows were recorded, with their diffs: the search was not over an empty log.
    expect(listed.filter((e) => e.hasDiff).length).toBeGreaterThanOrEqual(14);
    expect(listed.map((e) => e.summary)).toContain('revoked a share link');
    expect(details.join('\n')).toContain('<redacted>');
    expect(stack.overlay.logs.filter((line) => line.msg === 'activity')).toHaveLength(listed.length);
  });

  it('keeps a spreadsheet from running what a cell says (CSV injection): = + - @ cells start with a quote', async () => {
    for (const name of ['=HYPERLINK("http://evil.example/x","open")', '+1+cmd', '-2+3', '@SUM(1+1)']) {
      await post({ path: '/backup', body: new URLSearchParams({ current_tab: 'service' }) }, asForwardAuthUser(name, ['vid_admin']));
    }
    await expect.poll(async () => (await get('/activity.csv?limit=10000')).match(/,backed up the configuration/g)?.length).toBe(4);
    const rows = (await get('/activity.csv')).trim().split('\n');
    const users = rows.filter((row) => row.includes('backed up the configuration')).map((row) => row.split(',admin,')[0]!.replace(/^[^,]+,/, ''));
    expect(users.sort()).toEqual(["'+1+cmd", "'-2+3", "'@SUM(1+1)", '"\'=HYPERLINK(""http://evil.example/x"",""open"")"'].sort());
  });
});
