/**
 * The root's test page: the stand-in editor's console, a faked overlay API with a small demo
 * data set, and the bundle mounted as in production (never part of the bundle).
 */
import { vi } from 'vitest';
import type { LitElement } from 'lit';
import '../components/overlay-root/define.ts';
import type { VidOverlayRoot } from '../components/overlay-root/vid-overlay-root.ts';
import type { Me, PathInfo, Rule } from '../shared/api-types.ts';
import { mountOverlay } from '../mount.ts';
import { loadEditorPage, unloadEditorPage, type EditorPage } from './editor-page.ts';
import { FakeApi } from './fake-api.ts';
import { flush, settle, text } from './helpers.ts';

export const ADMIN: Me = {
  username: 'demo-admin',
  name: 'Demo Admin',
  role: 'admin',
  groups: ['vid_admin', 'tak_admins', 'authentik Admins'],
  groupPrefix: 'vid_',
  adminGroups: ['vid_admin'],
  logoutUrl: '/outpost.goauthentik.io/sign_out',
  mode: 'forward-auth',
  takPortalUrl: null,
  directoryWrite: 'ldap',
};
export const VIEWER: Me = { ...ADMIN, username: 'demo-viewer', name: 'Demo Viewer', role: 'viewer', groups: ['vid_public', 'tak_ops'], directoryWrite: null };

export const PATHS: PathInfo[] = [
  { path: 'cam1', configured: true, active: true, access: { groups: ['vid_public', 'vid_private'], rule: null, via: 'default' }, viewers: 5 },
  { path: 'drone', configured: true, active: true, access: { groups: ['vid_alpha', 'tak_ops'], rule: 'drone', via: 'exact' }, viewers: 2 },
];
export const RULES: Rule[] = [{ path: 'drone', groups: ['vid_alpha'], updatedBy: 'demo-admin', updatedAt: '2025-01-01T00:00:00Z' }];
const STREAMS = [
  { name: 'cam1', readers: 1, ready: true, publisher_group: '', publisher_username: 'pub', hls_url: '/hls-proxy/cam1/index.m3u8', share_mode: 'private' },
  { name: 'drone', readers: 0, ready: true, publisher_group: '', publisher_username: '', hls_url: '/hls-proxy/drone/index.m3u8', share_mode: 'public' },
];
const GROUPS = [
  { name: 'vid_alpha', members: 3 },
  { name: 'vid_private', members: 4 },
  { name: 'vid_public', members: 9 },
  { name: 'tak_ops', members: 2 },
];

export interface OverlayPage {
  root: VidOverlayRoot;
  api: FakeApi;
  editor: EditorPage;
}

/** The editor's page with the overlay mounted for `me`; `extra` adds or replaces fake API routes first. */
export async function startOverlayPage(me: Me, extra: (api: FakeApi) => void = () => {}): Promise<OverlayPage> {
  const api = new FakeApi()
    .on('GET /_overlay/api/me', { body: me })
    .on('GET /_overlay/api/groups', { body: { groups: GROUPS } })
    .on('GET /_overlay/api/rules', { body: { rules: RULES, version: 4 } })
    .on('GET /_overlay/api/paths', { body: { paths: PATHS } })
    .on('GET /api/streams', { body: { streams: STREAMS } });
  extra(api);
  vi.stubGlobal('fetch', api.fetch);
  const editor = loadEditorPage(me.role === 'admin' ? 'admin' : 'viewer');
  mountOverlay(document);
  const root = document.querySelector('vid-overlay-root')!;
  await root.ready;
  await settled(root);
  return { root, api, editor };
}

/** Waits for pending API answers and for the root and every overlay element in the page to render. */
export async function settled(root: VidOverlayRoot) {
  await flush();
  await settle(root);
  const elements = [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('vid-') && el !== root);
  for (const el of elements) await settle(el as LitElement);
}

export function sidebarButton(label: string): HTMLButtonElement {
  return [...document.querySelectorAll<HTMLButtonElement>('#sidebar .sidebar-item')].find((b) => text(b) === label)!;
}

/** Before each test: an empty page. After: the root gone and `fetch` real again. */
export function clearPage() {
  document.querySelector('vid-overlay-root')?.remove();
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  unloadEditorPage();
  vi.unstubAllGlobals();
}
