// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import type { Me } from '../../shared/api-types.ts';
import { $, $$, mount, text } from '../../testing/helpers.ts';

afterEach(() => document.body.replaceChildren());

const viewer: Me = {
  username: 'demo-viewer',
  name: 'Demo Viewer',
  role: 'viewer',
  groups: ['vid_public', 'tak_ops', 'vid_alpha'],
  groupPrefix: 'vid_',
  adminGroups: ['vid_admin'],
  logoutUrl: '/outpost.goauthentik.io/sign_out',
  mode: 'forward-auth',
  takPortalUrl: null,
  directoryWrite: null,
};

describe('vid-identity-chip', () => {
  it('shows who is signed in, their stream groups and a sign-out link', async () => {
    const el = await mount('vid-identity-chip', { me: viewer });
    expect(text($(el, '.name'))).toBe('Demo Viewer');
    expect($$(el, '.groups li').map((li) => text(li))).toEqual(['vid_public', 'vid_alpha']);
    expect($<HTMLAnchorElement>(el, 'a').getAttribute('href')).toBe('/outpost.goauthentik.io/sign_out');
    expect(text(el.shadowRoot)).not.toContain('tak_');
    expect(text(el.shadowRoot)).not.toContain('admin');
  });

  it('offers "Change password" where the directory has a page for it, and sums up many groups', async () => {
    const groups = ['vid_a', 'vid_b', 'vid_c', 'tak_x', 'vid_d', 'vid_e'];
    const el = await mount('vid-identity-chip', { me: { ...viewer, role: 'admin', groups, passwordUrl: 'https://auth.example.org/if/user/#/settings' } });
    expect(text($(el, '.role'))).toBe('admin');
    expect($$<HTMLAnchorElement>(el, 'a').map((a) => [text(a), a.getAttribute('href')])).toEqual([
      ['Change password', 'https://auth.example.org/if/user/#/settings'],
      ['Sign out', '/outpost.goauthentik.io/sign_out'],
    ]);
    const more = $(el, '.groups li.more');
    expect([text(more), more.title]).toEqual(['+2 and vid_d, vid_e', 'vid_d, vid_e']);
    expect($$(el, '.groups li:not(.more)').map((li) => text(li))).toEqual(['vid_a', 'vid_b', 'vid_c']);
    el.me = { ...viewer, passwordUrl: 'javascript:alert(1)' };
    await el.updateComplete;
    expect($$(el, 'a').map((a) => text(a))).toEqual(['Sign out']);
  });

  it('never links to a javascript: sign-out URL', async () => {
    const el = await mount('vid-identity-chip', { me: { ...viewer, logoutUrl: 'javascript:alert(1)' } });
    expect($<HTMLAnchorElement>(el, 'a').getAttribute('href')).toBe('/logout');
  });

  it('renders nothing before it knows who it is', async () => {
    const el = await mount('vid-identity-chip');
    expect(text(el.shadowRoot)).toBe('');
  });
});
