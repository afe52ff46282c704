// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import type { PathInfo, Rule } from '../../shared/api-types.ts';
import { $, $$, deepText, flip, mount, recordEvents, settle, text, VID_POLICY } from '../../testing/helpers.ts';
import { ruleKey, streamKey } from './vid-stream-access.ts';

afterEach(() => document.body.replaceChildren());

const GROUPS = ['vid_alpha', 'vid_private', 'vid_public'];
const PATHS: PathInfo[] = [
  { path: 'cam1', configured: true, active: true, access: { groups: ['vid_public', 'vid_private'], rule: null, via: 'default' }, viewers: 7 },
  { path: 'live/alpha/cam2', configured: false, active: true, access: { groups: ['vid_alpha', 'tak_ops'], rule: 'live/alpha/*', via: 'glob' }, viewers: 1 },
  { path: 'drone', configured: true, active: false, access: { groups: ['vid_public'], rule: 'drone', via: 'exact' }, viewers: 12 },
  // /paths also names every rule selector; a pattern is a rule, not a stream.
  { path: 'live/alpha/*', configured: false, active: false, access: { groups: ['vid_alpha'], rule: 'live/alpha/*', via: 'glob' }, viewers: 1 },
];
const RULES: Rule[] = [
  { path: 'live/alpha/*', groups: ['vid_alpha'], updatedBy: 'demo-admin', updatedAt: '2025-01-02T03:04:05Z' },
  { path: 'drone', groups: ['vid_public'], updatedBy: 'demo-admin', updatedAt: '2025-01-02T03:04:05Z' },
  { path: 'offline/cam', groups: ['vid_alpha'], updatedBy: 'demo-admin', updatedAt: '2025-01-02T03:04:05Z' },
];

async function panel(props = {}) {
  return mount('vid-stream-access', { policy: VID_POLICY, paths: PATHS, groups: GROUPS, rules: RULES, version: 4, ...props });
}
const card = (el: HTMLElement, path: string) => $$(el, 'li[data-path]').find((li) => li.dataset.path === path)!;
const switchesOf = (scope: Element) => $$<HTMLInputElement>(scope.querySelector('vid-group-switches')!, 'input');

describe('vid-stream-access', () => {
  it('shows each stream with a switch per group, its effective groups, deciding rule and viewer count', async () => {
    const el = await panel();
    expect($$(el, 'li[data-path]').map((li) => li.dataset.path)).toEqual(['cam1', 'live/alpha/cam2', 'drone']);
    const cam1 = card(el, 'cam1');
    expect(switchesOf(cam1).map((i) => [i.name, i.checked])).toEqual([
      ['vid_alpha', false],
      ['vid_private', true],
      ['vid_public', true],
    ]);
    expect(text(cam1)).toContain('vid_public, vid_private');
    expect(text(cam1)).toContain('default groups');
    expect(text(cam1.querySelector('[data-viewers-count]'))).toBe('7 users');
    const cam2 = card(el, 'live/alpha/cam2');
    expect(text(cam2)).toContain('pattern rule live/alpha/*');
    expect(deepText(el)).not.toContain('tak_');
  });

  it('says so when the number of viewers is unknown (directory not listable)', async () => {
    const el = await panel({ paths: [{ ...PATHS[0]!, viewers: null }] });
    expect(text(card(el, 'cam1').querySelector('[data-viewers-count]'))).toContain('unknown');
  });

  it('turns a switch into vid-stream-group for that stream', async () => {
    const el = await panel();
    const events = recordEvents(el, 'vid-stream-group');
    const leaked = recordEvents(document, 'vid-toggle-group');
    flip(switchesOf(card(el, 'cam1'))[0]!);
    expect(events).toEqual([{ path: 'cam1', group: 'vid_alpha', on: true }]);
    expect(leaked).toEqual([]);
  });

  it('offers "Private only" only where vid_public is on and another group stays', async () => {
    const el = await panel();
    const events = recordEvents(el, 'vid-private-only');
    const privateOnly = (path: string) => [...card(el, path).querySelectorAll('button')].find((b) => text(b).startsWith('Private only'))!;
    expect(privateOnly('cam1').disabled).toBe(false);
    expect(privateOnly('live/alpha/cam2').disabled).toBe(true); // no vid_public
    expect(privateOnly('drone').disabled).toBe(true); // nothing would be left
    privateOnly('cam1').click();
    expect(events).toEqual([{ path: 'cam1' }]);
  });

  it('asks for and shows who can see a stream', async () => {
    const el = await panel();
    const events = recordEvents(el, 'vid-show-viewers');
    const who = [...card(el, 'cam1').querySelectorAll('button')].find((b) => text(b).startsWith('Who can see'))!;
    who.click();
    expect(events).toEqual([{ path: 'cam1' }]);
    el.viewers = {
      path: 'cam1',
      users: [
        { username: 'alice', name: 'Alice A' },
        { username: 'bob', name: '' },
      ],
    };
    await settle(el);
    expect($$(card(el, 'cam1'), 'ul.viewers li').map((li) => text(li))).toEqual(['Alice A (alice)', 'bob']);
    expect(who.getAttribute('aria-expanded')).toBe('true');
    who.click();
    expect(events.at(-1)).toEqual({ path: null });
  });

  it('shows a refused stream write inline on that stream', async () => {
    const el = await panel({ errors: { [streamKey('drone')]: { field: 'groups', message: 'groups must name at least one group' } } });
    expect(text(card(el, 'drone').querySelector('.field-error'))).toContain('at least one group');
    expect(card(el, 'cam1').querySelector('.field-error')).toBeNull();
  });

  it('shows a conflict clearly and lets it be dismissed', async () => {
    const el = await panel({ conflict: 'They are now at version 5.' });
    const alert = $(el, '[data-conflict]');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('Someone else changed the stream rules');
    expect(text(alert)).toContain('version 5');
    const events = recordEvents(el, 'vid-dismiss-conflict');
    alert.querySelector('button')!.click();
    expect(events).toHaveLength(1);
  });

  it('lists pattern rules and exact rules of unlisted streams, with edit and two-step remove', async () => {
    const el = await panel();
    expect($$(el, 'li[data-rule]').map((li) => li.dataset.rule)).toEqual(['live/alpha/*', 'offline/cam']);
    const rule = $$(el, 'li[data-rule]')[0]!;
    const deletes = recordEvents(el, 'vid-rule-delete');
    const remove = () => [...rule.querySelectorAll('button')].find((b) => b.classList.contains('danger'))!;
    remove().click();
    await settle(el);
    expect(deletes).toEqual([]);
    expect(text(remove())).toContain('Confirm removal');
    remove().click();
    expect(deletes).toEqual([{ path: 'live/alpha/*' }]);

    [...rule.querySelectorAll('button')].find((b) => text(b).startsWith('Edit'))!.click();
    await settle(el);
    const form = rule.querySelector('vid-rule-form')!;
    expect(form.rule).toEqual(RULES[0]);
    el.errors = { [ruleKey('live/alpha/*')]: { field: 'path', message: 'bad selector' } };
    await settle(el);
    expect(form.error).toEqual({ field: 'path', message: 'bad selector' });
    el.saved = { original: 'live/alpha/*', n: 1 };
    await settle(el);
    expect(rule.querySelector('vid-rule-form')).toBeNull();
  });

  it('opens a form for a new rule and sends what was typed', async () => {
    const el = await panel();
    const saves = recordEvents(el, 'vid-rule-save');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === 'Add a rule')!.click();
    await settle(el);
    const form = $(el, 'section > vid-rule-form');
    const input = $<HTMLInputElement>(form, 'input[name="path"]');
    input.value = 'live/bravo/*';
    input.dispatchEvent(new Event('input'));
    flip($$<HTMLInputElement>($(form, 'vid-group-switches'), 'input')[0]!);
    await settle(el);
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    expect(saves).toEqual([{ original: null, path: 'live/bravo/*', groups: ['vid_alpha'] }]);
  });

  it('brings a stream into view when asked (a chip was clicked)', async () => {
    const el = await panel({});
    el.focusRequest = { path: 'drone', n: 1 };
    await settle(el);
    expect(card(el, 'drone').classList.contains('focused')).toBe(true);
    await settle(el);
    const first = switchesOf(card(el, 'drone'))[0]!;
    expect(first.getRootNode()).toBe(card(el, 'drone').querySelector('vid-group-switches')!.shadowRoot);
  });
});
