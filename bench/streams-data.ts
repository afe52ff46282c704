// What the /api/streams benchmark serves and the rules it filters with. Sites alternate between
// vid_public and vid_private by glob, a few hundred exact rules flip single cameras the other
// way, and a few drones fall through to regexes, so demo-viewer (vid_public) sees about half.
import type { ActiveStream } from '../test/stand-in-editor/index.ts';

const SITES = 40;
const EXACT_RULES = 300;
/** Every exact rule names a camera this many cameras on from the last (so they span 10,000). */
const EXACT_STRIDE = 33;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isDrone = (i: number) => i % 20 === 19;
const siteGroup = (site: number) => (site % 2 === 0 ? 'vid_public' : 'vid_private');

export function streamName(i: number): string {
  if (isDrone(i)) return `drones/${Math.floor(i / 20) % 2 === 0 ? 'east' : 'west'}/drone${pad(i, 5)}`;
  return `site${pad(i % SITES, 2)}/cam${pad(i, 5)}`;
}

/** The first `count` streams, in the shape the editor's /api/streams has (see the stand-in's toStream). */
export function activeStreams(count: number): ActiveStream[] {
  return Array.from({ length: count }, (_, i): ActiveStream => {
    const name = streamName(i);
    const readers = i % 4;
    return {
      name,
      readers,
      ready: true,
      publisher_group: i % 3 === 0 ? 'Field units' : '',
      publisher_username: i % 3 === 0 ? `pub${i % 7}` : '',
      source_type: isDrone(i) ? 'rtmpConn' : 'rtspSession',
      reader_breakdown: readers ? { HLS: readers } : {},
      hls_url: `/hls-proxy/${name}/index.m3u8`,
      share_mode: i % 10 === 0 ? 'public' : 'private',
    };
  });
}

/** 300 exact rules, 40 globs and 2 regexes (342), in the order they are PUT. */
export function benchRules(): Array<{ path: string; groups: string[] }> {
  const rules: Array<{ path: string; groups: string[] }> = [];
  for (let site = 0; site < SITES; site++) rules.push({ path: `site${pad(site, 2)}/*`, groups: [siteGroup(site)] });
  for (let i = 0; rules.length < SITES + EXACT_RULES; i += EXACT_STRIDE) {
    if (isDrone(i)) continue;
    // The opposite of its site's glob, so the exact rule decides.
    rules.push({ path: streamName(i), groups: [siteGroup(i % SITES) === 'vid_public' ? 'vid_private' : 'vid_public'] });
  }
  rules.push({ path: '~^drones/east/', groups: ['vid_public'] }, { path: '~^drones/west/', groups: ['vid_private'] });
  return rules;
}
