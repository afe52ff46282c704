import type { MediamtxApi } from '../mediamtx/api-client.ts';
import type { CompiledRules } from './compile.ts';

/**
 * Every path anyone may care about: configured in MediaMTX, active right now, or named by an
 * exact rule. Sorted, without repeats. Throws MediamtxApiError when MediaMTX does not answer.
 */
export async function knownPaths(mediamtx: Pick<MediamtxApi, 'configuredPaths' | 'activePaths'>, rules: CompiledRules): Promise<string[]> {
  const [configured, active] = await Promise.all([mediamtx.configuredPaths(), mediamtx.activePaths()]);
  const exact = rules.rules.map((r) => r.path).filter((p) => !p.startsWith('~') && !p.includes('*'));
  return [...new Set([...configured, ...active, ...exact])].sort();
}
