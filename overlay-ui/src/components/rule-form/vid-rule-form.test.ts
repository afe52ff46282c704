// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import { $, $$, flip, mount, recordEvents, settle, text, VID_POLICY } from '../../testing/helpers.ts';

afterEach(() => document.body.replaceChildren());

const GROUPS = ['vid_alpha', 'vid_beta', 'vid_public'];

function switches(form: HTMLElement) {
  return $$<HTMLInputElement>($(form, 'vid-group-switches'), 'input');
}

describe('vid-rule-form', () => {
  it('edits a copy of the rule and sends it up with the selector it replaces', async () => {
    const rule = { path: 'live/alpha/*', groups: ['vid_alpha'] };
    const el = await mount('vid-rule-form', { rule, groups: GROUPS, policy: VID_POLICY });
    const saves = recordEvents(el, 'vid-rule-save');
    const toggles = recordEvents(el, 'vid-toggle-group');
    const input = $<HTMLInputElement>(el, 'input[name="path"]');
    expect(input.value).toBe('live/alpha/*');
    input.value = 'live/alpha/**';
    input.dispatchEvent(new Event('input'));
    flip(switches(el)[1]!); // vid_beta on
    await settle(el);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    expect(saves).toEqual([{ original: 'live/alpha/*', path: 'live/alpha/**', groups: ['vid_alpha', 'vid_beta'] }]);
    expect(toggles).toEqual([]); // the form keeps its switches' events to itself
    expect(rule.groups).toEqual(['vid_alpha']); // data down is not mutated
  });

  it("shows the API's 400 next to the field it names", async () => {
    const el = await mount('vid-rule-form', { rule: null, groups: GROUPS, policy: VID_POLICY });
    el.error = { field: 'path', message: 'path: "live/[ab]" uses [ ]; write a regex instead.' };
    await settle(el);
    const input = $<HTMLInputElement>(el, 'input[name="path"]');
    const error = $(el, '[data-field="path"]');
    expect(text(error)).toContain('uses [ ]');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);

    el.error = { field: 'groups[1]', message: 'groups[1]: "vid_ghost" is not in the directory' };
    await settle(el);
    expect(text($(el, '[data-field="groups"]'))).toContain('vid_ghost');
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect($$(el, '[data-field="path"]')).toHaveLength(0);
  });

  it('does not send an empty selector, and says why', async () => {
    const el = await mount('vid-rule-form', { rule: null, groups: GROUPS, policy: VID_POLICY });
    const saves = recordEvents(el, 'vid-rule-save');
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await settle(el);
    expect(saves).toEqual([]);
    expect(text($(el, '[data-field="path"]'))).toContain('Name a stream path');
  });

  it('cancels', async () => {
    const el = await mount('vid-rule-form', { rule: { path: '~^ops/', groups: ['vid_alpha'] }, groups: GROUPS, policy: VID_POLICY });
    const cancels = recordEvents(el, 'vid-rule-cancel');
    $<HTMLButtonElement>(el, 'button.secondary').click();
    expect(cancels).toEqual([{ original: '~^ops/' }]);
  });
});
