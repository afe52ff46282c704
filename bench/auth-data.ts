// What the auth benchmark seeds and sends: 10,000 synthetic users in 100 groups, 2,000 rules
// (mostly exact paths, some globs, a few regexes), the stock installer's authInternalUsers, and
// MediaMTX auth callback bodies as MediaMTX v1.19 writes them (all ten keys).
import { randomUUID } from 'node:crypto';
import { stockMediamtxYaml } from '../test/fixtures/stock-mediamtx.ts';

export const USERS = 10_000;
export const GROUPS = 100;
const EXACT_RULES = 1_890;
const GLOB_RULES = 100;
const REGEX_RULES = 10;
export const RULES = EXACT_RULES + GLOB_RULES + REGEX_RULES;

/** seedMany pads every number to the width of the larger count (5 digits for 10,000). */
const pad = (n: number, width = String(Math.max(USERS, GROUPS)).length) => String(n).padStart(width, '0');
export const username = (index: number) => `user${pad(index + 1)}`;
/** seedMany puts user i (0-based) in group i mod GROUPS. */
export const groupOf = (index: number) => `vid_bench${pad((index % GROUPS) + 1)}`;

const exactPath = (k: number) => `site${pad(k % 50, 2)}/cam${pad(k)}`;

export function authRules(): Array<{ path: string; groups: string[] }> {
  const rules: Array<{ path: string; groups: string[] }> = [];
  for (let k = 0; k < EXACT_RULES; k++) rules.push({ path: exactPath(k), groups: [groupOf(k)] });
  for (let z = 0; z < GLOB_RULES; z++) rules.push({ path: `zone${pad(z, 3)}/*/feed*`, groups: [groupOf(z)] });
  for (let r = 0; r < REGEX_RULES; r++) rules.push({ path: `~^rx${r}/cam[0-9]+$`, groups: [groupOf(r * 10)] });
  return rules;
}

/** A path user `index` may read: an exact rule of the user's group, every tenth time a glob's. */
export function readablePath(index: number): string {
  const group = index % GROUPS;
  if (index % 10 === 9) return `zone${pad(group, 3)}/north/feed${index % 7}`;
  return exactPath(group + GROUPS * (index % 18));
}

export const HLSVIEWER_PASSWORD = 'hlsviewer-bench-pass';

/** The stock installer's auth section (see the MediaMTX reference): what (b) matches. */
export const MEDIAMTX_YML = stockMediamtxYaml(HLSVIEWER_PASSWORD);

interface Fields {
  user: string;
  password: string;
  path: string;
  protocol: 'hls' | 'rtsp';
  /** MediaMTX fills `token` from Bearer, else from the password. */
  token?: string;
}

/** Clients are remote (not 127.0.0.1, which the first internal user would let read anything). */
function body(fields: Fields, n: number): string {
  const userAgent = fields.protocol === 'hls' ? 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' : 'LibVLC/3.0.20 (LIVE555 Streaming Media v2016.11.28)';
  return JSON.stringify({
    ip: `10.20.${n % 200}.${((n * 7) % 250) + 1}`,
    user: fields.user,
    password: fields.password,
    token: fields.token ?? fields.password,
    action: 'read',
    path: fields.path,
    protocol: fields.protocol,
    id: randomUUID(),
    query: '',
    userAgent,
  });
}

/** (a) HLS reads with a playback token as the Basic password (what the editor's player sends). */
export const tokenBody = (index: number, token: string) => body({ user: username(index), password: token, path: readablePath(index), protocol: 'hls' }, index);

/** (b) The stock hlsviewer internal user (plain password), from a remote address. */
export const internalBody = (n: number) => body({ user: 'hlsviewer', password: HLSVIEWER_PASSWORD, path: readablePath(n), protocol: 'hls' }, n);

/** (c) RTSP reads with directory credentials (VLC's rtsp://user:pass@...). */
export const ldapBody = (index: number) =>
  body({ user: username(index), password: `${username(index)}-pass`, path: readablePath(index), protocol: 'rtsp' }, index);
