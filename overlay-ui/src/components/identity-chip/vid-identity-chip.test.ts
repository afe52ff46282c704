// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import type { Me } from '../../shared/api-types.ts';
import { $, $$, mount, text } from '../../testing/helpers.ts';

afterEach(() => document.body.replaceChildren());

const viewer: Me = {
  username: 'demo-viewer', name: 'Demo Viewer', role: 'viewer', groups: ['vid_public', 'tak_ops', 'vid_alpha'],
  logoutUrl: '/outpost.goauthentik.io/sign_out', mode: 'forward-auth', takPortalUrl: null, directoryWrite: null,
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

  it('never links to a javascript: sign-out URL', async () => {
    const el = await mount('vid-identity-chip', { me: { ...viewer, logoutUrl: 'javascript:alert(1)' } });
    expect($<HTMLAnchorElement>(el, 'a').getAttribute('href')).toBe('/logout');
  });

  it('renders nothing before it knows who it is', async () => {
    const el = await mount('vid-identity-chip');
    expect(text(el.shadowRoot)).toBe('');
  });
});
