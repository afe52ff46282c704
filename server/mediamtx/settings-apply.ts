/**
 * Writes the auth section (settings.ts) into a running MediaMTX through its API: read the global
 * configuration, keep the previous values of exactly the keys that differ in a backup file under
 * DATA_DIR, PATCH those keys, then read back to confirm. Nothing is sent unless the backup is on disk.
 */
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OverlayError } from '../http/errors.ts';
import { MediamtxApiError, type MediamtxApi } from './api-client.ts';
import { RESET_WHEN_UNSET, type MediamtxSettings } from './settings.ts';
import { canonicalNetworks } from './trusted-proxies.ts';

export interface ApplyOptions {
  api: Pick<MediamtxApi, 'globalConfig' | 'patchGlobalConfig'>;
  /** For messages: where MEDIAMTX_API_URL points. */
  apiUrl: string;
  section: MediamtxSettings;
  dataDir: string;
  now?: () => Date;
}

export interface ApplyResult {
  /** The keys MediaMTX had other values for, now set; [] when it already had the section. */
  changed: string[];
  /** Their values before, as MediaMTX reported them: the backup file holds exactly this object. */
  previous: Record<string, unknown>;
  /** Absolute path of the backup; null when nothing changed. */
  backupFile: string | null;
  /** The PATCH body sent; null when nothing changed. */
  patch: Record<string, unknown> | null;
  /** MediaMTX servers whose auth is now skipped yet listen beyond loopback. */
  warnings: string[];
}

export async function applyMediamtxSettings(options: ApplyOptions): Promise<ApplyResult> {
  const { api, apiUrl, section } = options;
  const current = await mediamtxCall(apiUrl, 'reading its configuration', () => api.globalConfig(), 'Nothing was changed.');
  const target = targetValues(section, current);
  const changed = Object.keys(target).filter((key) => !sameValue(key, current[key], target[key]));
  const warnings = exposureWarnings(current);
  if (changed.length === 0) return { changed, previous: {}, backupFile: null, patch: null, warnings };

  const previous = pick(current, changed);
  const backupFile = await writeBackup(options.dataDir, previous, (options.now ?? (() => new Date()))()).catch((error: Error) => {
    throw new OverlayError(500, {
      title: 'Backup not written',
      message: `The previous MediaMTX values could not be saved under DATA_DIR (${path.resolve(options.dataDir)}), so nothing was changed: ${error.message}`,
    });
  });
  const patch = pick(target, changed);
  const saved = `The previous values are saved in ${backupFile}.`;
  await mediamtxCall(apiUrl, 'applying the auth settings', () => api.patchGlobalConfig(patch), saved);
  const after = await mediamtxCall(apiUrl, 'reading the configuration back', () => api.globalConfig(), saved);
  const differing = changed.filter((key) => !sameValue(key, after[key], target[key]));
  if (differing.length) {
    throw new OverlayError(502, {
      title: 'MediaMTX kept other values',
      message: `MediaMTX at ${apiUrl} accepted the change but reports other values for ${differing.join(', ')}. ${saved}`,
    });
  }
  return { changed, previous, backupFile, patch, warnings };
}

/** The section, plus a reset of keys it leaves out that MediaMTX still has a value for. */
function targetValues(section: MediamtxSettings, current: Record<string, unknown>): Record<string, unknown> {
  const target = { ...section.settings };
  for (const key of RESET_WHEN_UNSET[section.authMethod]) {
    if (!(key in target) && typeof current[key] === 'string' && current[key] !== '') target[key] = '';
  }
  return target;
}

/** MediaMTX reports `path: ""` on permission entries that were written without one. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if ('action' in value && !('path' in value)) entries.push(['path', '']);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, normalized(v)]));
}

/** MediaMTX reports IP lists as Go prints networks, sorted: `127.0.0.1` comes back as `127.0.0.1/32`. */
const spelledAsMediamtx = (key: string, value: unknown) => (key.endsWith('TrustedProxies') ? canonicalNetworks(value) : normalized(value));

const sameValue = (key: string, a: unknown, b: unknown) => JSON.stringify(spelledAsMediamtx(key, a)) === JSON.stringify(spelledAsMediamtx(key, b));

const pick = (from: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, from[key]]));

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost):\d+$/;

function exposureWarnings(current: Record<string, unknown>): string[] {
  return ['api', 'metrics', 'pprof']
    .filter((server) => current[server] === true && typeof current[`${server}Address`] === 'string')
    .filter((server) => !LOOPBACK.test(current[`${server}Address`] as string))
    .map(
      (server) =>
        `${server}Address is "${String(current[`${server}Address`])}": its auth is skipped, so anyone who reaches that port gets in. Bind it to 127.0.0.1.`,
    );
}

/** `outcome` tells the reader what state MediaMTX was left in when this step failed. */
async function mediamtxCall<T>(apiUrl: string, what: string, op: () => Promise<T>, outcome: string): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (!(error instanceof MediamtxApiError)) throw error;
    const unreachable = error.status === null;
    throw new OverlayError(unreachable ? 503 : 502, {
      title: unreachable ? 'MediaMTX API unreachable' : 'MediaMTX refused',
      message: unreachable
        ? `MediaMTX's API at ${apiUrl} cannot be reached while ${what}. ${outcome} Start MediaMTX or correct MEDIAMTX_API_URL, then apply again.`
        : `MediaMTX's API at ${apiUrl} refused ${what} (${error.message}). ${outcome}`,
      log: error.message,
    });
  }
}

/** Written whole under a temporary name and linked into place, so a backup is never half there nor overwritten. */
async function writeBackup(dataDir: string, previous: Record<string, unknown>, at: Date): Promise<string> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const temporary = path.join(dir, `.mediamtx-settings-backup-${stamp}-${process.pid}.tmp`);
  await writeFile(temporary, `${JSON.stringify(previous, null, 2)}\n`, { mode: 0o600 });
  try {
    for (let n = 0; ; n++) {
      const file = path.join(dir, `mediamtx-settings-backup-${stamp}${n ? `-${n}` : ''}.json`);
      try {
        await link(temporary, file);
        return file;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 99) throw error;
      }
    }
  } finally {
    await unlink(temporary).catch(() => {});
  }
}
