// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import { $$, mount, recordEvents, text, VID_POLICY } from '../../testing/helpers.ts';

afterEach(() => document.body.replaceChildren());

describe('vid-stream-chips', () => {
  it('shows the stream groups as buttons and never a tak_ group', async () => {
    const el = await mount('vid-stream-chips', {
      policy: VID_POLICY,
      path: 'cam1',
      access: { groups: ['vid_alpha', 'tak_team', 'vid_public'], rule: 'cam*', via: 'glob' },
    });
    const chips = $$<HTMLButtonElement>(el, 'button');
    expect(chips.map((b) => text(b).split(':')[0])).toEqual(['vid_alpha', 'vid_public']);
    expect(text(chips[0])).toContain('change who can see cam1');
    expect(text(el.shadowRoot)).not.toContain('tak_');
  });

  it('asks to open the stream when a chip is clicked', async () => {
    const el = await mount('vid-stream-chips', { policy: VID_POLICY, path: 'cam1', access: { groups: ['vid_alpha'], rule: null, via: 'default' } });
    const events = recordEvents(document, 'vid-open-stream');
    $$<HTMLButtonElement>(el, 'button')[0]!.click();
    expect(events).toEqual([{ path: 'cam1' }]);
  });

  it('says "admins only" for a stream no group sees, and nothing without data', async () => {
    const el = await mount('vid-stream-chips', { policy: VID_POLICY, path: 'cam9', access: { groups: [], rule: 'cam9', via: 'exact' } });
    expect(text(el.shadowRoot)).toContain('admins only');
    el.access = null;
    await el.updateComplete;
    expect($$(el, 'button')).toHaveLength(0);
  });
});
