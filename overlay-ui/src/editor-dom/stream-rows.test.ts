// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../components/stream-chips/define.ts';
import type { PathAccess } from '../shared/api-types.ts';
import { loadEditorPage, unloadEditorPage, type EditorPage } from '../testing/editor-page.ts';
import { FakeApi } from '../testing/fake-api.ts';
import { flush, text, VID_POLICY } from '../testing/helpers.ts';
import { SHARE_MODE_LABELS } from './share-mode.ts';
import { StreamRows, type StreamChipsSource } from './stream-rows.ts';

// The fixture is the stand-in editor's console page (the real 2.0.8 structure): its loadStreams
// writes a table, or cards at <= 768 px, into #streams-container with innerHTML.
const STREAMS = [
  { name: 'cam 1', readers: 2, publisher_group: 'Team A', publisher_username: 'pub', hls_url: '/hls-proxy/cam 1/index.m3u8', share_mode: 'private' },
  { name: 'cam', readers: 0, publisher_group: '', publisher_username: '', hls_url: '/hls-proxy/cam/index.m3u8', share_mode: 'public' },
  { name: 'new-one', readers: 0, publisher_group: '', publisher_username: '', hls_url: '/hls-proxy/new-one/index.m3u8', share_mode: 'private' },
];
const ACCESS: Record<string, PathAccess> = {
  'cam 1': { groups: ['vid_a'], rule: null, via: 'default' },
  cam: { groups: ['vid_b'], rule: null, via: 'default' },
};

let editor: EditorPage;
let api: FakeApi;
let unknown: string[];
const chipsSource = (): StreamChipsSource => ({
  accessOf: (p) => ACCESS[p],
  knownPaths: () => Object.keys(ACCESS),
  onUnknown: (p) => unknown.push(p),
  policy: () => VID_POLICY,
});
const container = () => document.getElementById('streams-container')!;
const chips = () => [...container().querySelectorAll('vid-stream-chips')] as Array<HTMLElement & { path: string; access: PathAccess | null }>;
const badges = () => [...container().querySelectorAll<HTMLButtonElement>('button.share-mode-badge')];

async function rebuild() {
  editor.loadStreams();
  await flush();
}

function start(role: 'admin' | 'viewer', width = 1280) {
  Object.defineProperty(window, 'innerWidth', { value: width, configurable: true });
  api = new FakeApi()
    .on('GET /api/streams', { body: { streams: STREAMS } })
    .on('POST /api/share-mode', (call) => ({ body: { ok: true, ...(call.body as object) } }));
  vi.stubGlobal('fetch', api.fetch);
  editor = loadEditorPage(role);
  unknown = [];
  const rows = new StreamRows(document, { chips: role === 'admin' ? chipsSource() : null, canToggleShareMode: role === 'admin' });
  expect(rows.connect()).toBe(true);
  return rows;
}

beforeEach(() => {
  document.body.innerHTML = '';
});
afterEach(() => {
  document.body.innerHTML = '';
  unloadEditorPage();
  vi.unstubAllGlobals();
});

describe('StreamRows on the editor 2.0.8 Active Streams table', () => {
  it("puts each stream's chips in its Stream Name cell after the badge, and again after every rebuild", async () => {
    const rows = start('admin');
    await rebuild();
    expect(chips().map((c) => c.path)).toEqual(['cam 1', 'cam', 'new-one']);
    const first = chips()[0]!;
    expect(first.previousElementSibling).toBe(badges()[0]);
    expect(first.closest('tr')!.querySelector('strong')!.textContent).toBe('cam 1');
    expect(first.access).toEqual(ACCESS['cam 1']);
    expect(unknown).toEqual(['new-one']);
    await rebuild(); // the editor throws the rows away and writes new ones
    expect(chips()).toHaveLength(3);
    expect(chips()[0]).not.toBe(first);
    rows.disconnect();
    await rebuild();
    expect(chips()).toHaveLength(0);
  });

  it('labels the share-mode badge as being about links, with a title saying so, and leaves admins the toggle', async () => {
    start('admin');
    await rebuild();
    expect(badges().map((b) => [text(b), b.disabled])).toEqual([
      [SHARE_MODE_LABELS.private, false],
      [SHARE_MODE_LABELS.public, false],
      [SHARE_MODE_LABELS.private, false],
    ]);
    expect(SHARE_MODE_LABELS).toEqual({ private: 'Links: token', public: 'Links: public' });
    expect(badges()[0]!.title).toBe(
      'Share links for this stream carry their own token and expire. This is about links only: who can see the stream here is decided by its groups. Click to switch between token and public links.',
    );
    // The editor's own handler switches it and writes "Public": the label follows.
    badges()[0]!.click();
    await flush();
    expect(api.callsTo('POST /api/share-mode').map((c) => c.body)).toEqual([{ stream: 'cam 1', mode: 'public' }]);
    expect([text(badges()[0]), badges()[0]!.getAttribute('data-mode')]).toEqual(['Links: public', 'public']);
    expect(badges()[0]!.title).toMatch(/^Share links for this stream are one static \/watch\/ address\./);
  });

  it('makes the badge read-only for a viewer, and adds no chips', async () => {
    start('viewer');
    await rebuild();
    expect(badges().map((b) => [text(b), b.disabled])).toEqual([
      ['Links: token', true],
      ['Links: public', true],
      ['Links: token', true],
    ]);
    expect(badges()[0]!.title).not.toContain('Click');
    badges()[0]!.click();
    await flush();
    expect(api.callsTo('POST /api/share-mode')).toEqual([]);
    expect(chips()).toEqual([]);
    await rebuild();
    expect(badges().every((b) => b.disabled && text(b).startsWith('Links: '))).toBe(true);
  });
});

describe("StreamRows on the editor's <= 768 px cards", () => {
  it('puts the chips in each card above its buttons, relabels the badge, and survives a rebuild', async () => {
    start('admin', 390);
    await rebuild();
    expect(container().querySelector('table')).toBeNull();
    expect(chips().map((c) => c.path)).toEqual(['cam 1', 'cam', 'new-one']);
    const first = chips()[0]!;
    expect(first.nextElementSibling!.contains(badges()[0]!)).toBe(true);
    expect(first.parentElement!.querySelector('strong')!.textContent).toBe('cam 1');
    expect(first.parentElement!.querySelectorAll('vid-stream-chips')).toHaveLength(1);
    expect(badges().map((b) => text(b))).toEqual(['Links: token', 'Links: public', 'Links: token']);
    await rebuild();
    expect(chips()).toHaveLength(3);
  });

  it('finds the card of a single stream too', async () => {
    api = new FakeApi();
    start('admin', 390);
    api.on('GET /api/streams', { body: { streams: [STREAMS[1]] } });
    await rebuild();
    expect(chips().map((c) => [c.path, c.nextElementSibling!.contains(badges()[0]!)])).toEqual([['cam', true]]);
  });
});

describe('StreamRows on other markup', () => {
  it('recognises rows of unknown markup by the longest known stream name', async () => {
    document.body.innerHTML = '<div id="streams-container"></div>';
    unknown = [];
    const rows = new StreamRows(document, { chips: chipsSource(), canToggleShareMode: true });
    expect(rows.connect()).toBe(true);
    container().innerHTML =
      '<table><tbody><tr><td>cam 1</td><td>2 viewers</td></tr><tr><td>cam</td><td>0 viewers</td></tr><tr><td class="stream-name">new-one</td></tr></tbody></table>';
    await flush();
    expect(chips().map((c) => c.path)).toEqual(['cam 1', 'cam', 'new-one']);
    expect(chips()[0]!.parentElement!.tagName).toBe('TD');
    expect(unknown).toContain('new-one');
  });

  it('reports a page without an Active Streams table', () => {
    document.body.innerHTML = '<p>no table</p>';
    expect(new StreamRows(document, { chips: null, canToggleShareMode: false }).connect()).toBe(false);
  });
});
