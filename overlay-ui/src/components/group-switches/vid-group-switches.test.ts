// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import { $$, flip, mount, recordEvents, text, VID_POLICY } from '../../testing/helpers.ts';

afterEach(() => document.body.replaceChildren());

describe('vid-group-switches', () => {
  it('renders one labelled switch per vid_ group, checked as selected', async () => {
    const el = await mount('vid-group-switches', {
      policy: VID_POLICY,
      groups: ['vid_alpha', 'vid_public', 'tak_ops', 'Domain Admins'],
      selected: ['vid_public', 'tak_ops'],
      subject: 'live/cam1',
    });
    const inputs = $$<HTMLInputElement>(el, 'input');
    expect(inputs.map((i) => i.name)).toEqual(['vid_alpha', 'vid_public']);
    for (const input of inputs) {
      expect(input.type).toBe('checkbox');
      expect(input.getAttribute('role')).toBe('switch');
      const label = input.closest('label');
      expect(text(label)).toContain(input.name);
      expect(text(label)).toContain('for live/cam1');
    }
    expect(inputs.map((i) => i.checked)).toEqual([false, true]);
    expect(text(el.shadowRoot)).not.toContain('tak_');
    expect(text(el.shadowRoot)).not.toContain('Domain Admins');
  });

  it('sends vid-toggle-group with the subject, and follows new data down', async () => {
    const el = await mount('vid-group-switches', { policy: VID_POLICY, groups: ['vid_alpha', 'vid_beta'], selected: ['vid_beta'], subject: 'alice' });
    const events = recordEvents(el, 'vid-toggle-group');
    const [alpha, beta] = $$<HTMLInputElement>(el, 'input');
    flip(alpha!);
    flip(beta!);
    expect(events).toEqual([
      { subject: 'alice', group: 'vid_alpha', on: true },
      { subject: 'alice', group: 'vid_beta', on: false },
    ]);
    // The parent did not accept the change: the switches show the data again, not the clicks.
    el.selected = ['vid_beta'];
    await el.updateComplete;
    expect($$<HTMLInputElement>(el, 'input').map((i) => i.checked)).toEqual([false, true]);
  });

  it('is keyboard operable: space on a focused switch toggles it', async () => {
    const el = await mount('vid-group-switches', { policy: VID_POLICY, groups: ['vid_alpha'], selected: [], subject: 'cam' });
    const events = recordEvents(el, 'vid-toggle-group');
    const [input] = $$<HTMLInputElement>(el, 'input');
    input!.focus();
    expect(el.shadowRoot!.activeElement).toBe(input);
    expect(input!.tabIndex).toBeGreaterThanOrEqual(0);
    flip(input!); // a native checkbox: Space activates it like a click
    expect(events).toEqual([{ subject: 'cam', group: 'vid_alpha', on: true }]);
  });

  it('disables every switch when told to', async () => {
    const el = await mount('vid-group-switches', { policy: VID_POLICY, groups: ['vid_a', 'vid_b'], selected: [], disabled: true });
    expect($$<HTMLInputElement>(el, 'input').every((i) => i.disabled)).toBe(true);
  });
});
