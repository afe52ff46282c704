// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import { accessRequest } from '../../testing/access-requests.ts';
import { $, $$, deepText, flip, mount, recordEvents, settle, text, VID_POLICY } from '../../testing/helpers.ts';

afterEach(() => document.body.replaceChildren());

const GROUPS = ['vid_admin', 'vid_private', 'vid_public', 'tak_ops'];
const FRANK = accessRequest('frank', { agency: 'County EMS', reason: 'Night shift\nneeds the drone feed' });
const GINA = accessRequest('gina');

async function panel(props = {}) {
  return mount('vid-access-requests', { policy: VID_POLICY, requests: [FRANK, GINA], mode: 'overlay', groups: GROUPS, ...props });
}
const item = (el: HTMLElement, username: string) => $$(el, 'li[data-request]').find((li) => text(li.querySelector('h3')).includes(`“${username}”`))!;
const switchesOf = (li: Element) => $$<HTMLInputElement>(li.querySelector('vid-group-switches')!, 'input');
const button = (scope: Element, name: string) => [...scope.querySelectorAll('button')].find((b) => text(b) === name)!;

describe('vid-access-requests', () => {
  it('lists waiting requests with who, why and when, and counts them in the heading', async () => {
    const el = await panel();
    expect(text($(el, 'h2'))).toBe('Access requests (2 waiting)');
    const frank = item(el, 'frank');
    expect(text(frank.querySelector('h3'))).toBe('Person frank asks for “frank”');
    expect(text(frank.querySelector('dl'))).toContain('Email: frank@new.example.org');
    expect(text(frank.querySelector('dl'))).toContain('Agency: County EMS');
    expect(frank.querySelector('time')!.getAttribute('datetime')).toBe(FRANK.submittedAt);
    expect(text(item(el, 'gina').querySelector('dl'))).not.toContain('Agency');
  });

  it('offers only vid_ groups, none ticked, each switch named for the request', async () => {
    const el = await panel();
    const switches = switchesOf(item(el, 'frank'));
    expect(switches.map((i) => [i.name, i.checked])).toEqual([
      ['vid_admin', false],
      ['vid_private', false],
      ['vid_public', false],
    ]);
    expect(text(switches[1]!.closest('label'))).toBe("vid_private for frank's request");
    expect(deepText(el)).not.toContain('tak_');
  });

  it('approves with the groups ticked, and keeps the ticks per request', async () => {
    const el = await panel();
    const approvals = recordEvents(el, 'vid-approve-request');
    const toggles = recordEvents(document.body, 'vid-toggle-group');
    flip(switchesOf(item(el, 'frank'))[1]!);
    await settle(el);
    flip(switchesOf(item(el, 'frank'))[2]!);
    await settle(el);
    expect(toggles).toEqual([]); // the choice stays in the panel until Approve
    button(item(el, 'frank'), 'Approve frank').click();
    button(item(el, 'gina'), 'Approve gina').click();
    expect(approvals).toEqual([
      { id: FRANK.id, groups: ['vid_private', 'vid_public'] },
      { id: GINA.id, groups: [] },
    ]);
  });

  it('denies with an optional reason from a form that opens under the request', async () => {
    const el = await panel();
    const denials = recordEvents(el, 'vid-deny-request');
    const deny = button(item(el, 'frank'), 'Deny frank');
    expect(deny.getAttribute('aria-expanded')).toBe('false');
    deny.click();
    await settle(el);
    expect(deny.getAttribute('aria-expanded')).toBe('true');
    const reason = $<HTMLTextAreaElement>(item(el, 'frank'), 'textarea');
    expect(text(item(el, 'frank').querySelector(`label[for="${reason.id}"]`))).toContain('Why is frank denied? (optional');
    reason.value = '  not on the roster ';
    reason.dispatchEvent(new Event('input'));
    item(el, 'frank').querySelector('form')!.requestSubmit();
    button(item(el, 'gina'), 'Deny gina').click();
    await settle(el);
    item(el, 'gina').querySelector('form')!.requestSubmit();
    expect(denials).toEqual([
      { id: FRANK.id, reason: 'not on the roster' },
      { id: GINA.id, reason: null },
    ]);
  });

  it('shows an error next to its request, in words, and disables decisions while one is out', async () => {
    const el = await panel({
      errors: { [FRANK.id]: { field: 'groups', message: 'groups: not in the directory: vid_gone' } },
      busy: GINA.id,
      status: 'Approving gina…',
    });
    const alert = $(item(el, 'frank'), '[role="alert"]');
    expect([text(alert), alert.dataset.field]).toEqual(['groups: not in the directory: vid_gone', 'groups']);
    expect(item(el, 'gina').querySelector('[role="alert"]')).toBeNull();
    expect(item(el, 'gina').getAttribute('aria-busy')).toBe('true');
    expect(button(item(el, 'frank'), 'Approve frank').disabled).toBe(true);
    expect(text($(el, '[role="status"]'))).toBe('Approving gina…');
  });

  it('explains a half-way approval and ticks the groups it was started with', async () => {
    const stuck = accessRequest('frank', {
      state: 'approving',
      groups: ['vid_private', 'tak_ops'],
      approval: {
        attempts: 1,
        startedAt: '2025-03-01T11:00:00Z',
        startedBy: 'demo-admin',
        inFlight: false,
        lastError: 'directory write failed half-way',
        outcome: null,
      },
    });
    const el = await panel({ requests: [stuck] });
    expect(text(item(el, 'frank').querySelector('.notice'))).toContain('stopped half-way: directory write failed half-way. Approve again to finish');
    expect(text(item(el, 'frank').querySelector('.notice'))).toContain('or deny it: denying takes back the groups it granted.');
    expect(
      switchesOf(item(el, 'frank'))
        .filter((i) => i.checked)
        .map((i) => i.name),
    ).toEqual(['vid_private']);
  });

  it('says when nothing waits, and lists recently decided requests apart', async () => {
    const denied = accessRequest('gina', { state: 'denied', decidedBy: 'demo-admin', decidedAt: '2025-03-02T09:00:00Z', denyReason: 'unknown' });
    const approved = accessRequest('frank', { state: 'approved', decidedBy: 'demo-admin', decidedAt: '2025-03-02T08:00:00Z', groups: ['vid_private'] });
    const el = await panel({ requests: [denied, approved] });
    expect(text($(el, 'h2'))).toBe('Access requests');
    expect(text($(el, 'p.muted'))).toBe('No requests are waiting. People ask for access at /request-access.');
    expect($$(el, 'li[data-request]')).toEqual([]);
    expect(text($(el, 'details summary'))).toBe('Recently decided (2)');
    const lines = $$(el, 'details li').map((li) => text(li));
    expect(lines[0]).toMatch(/^gina \(Person gina\): denied by demo-admin on .+ \(“unknown”\)$/);
    expect(lines[1]).toMatch(/^frank \(Person frank\): approved by demo-admin on .+ with vid_private$/);
  });

  it('sends people to TAK Portal instead of listing requests when it takes them', async () => {
    const el = await panel({ mode: 'tak-portal', takPortalUrl: 'https://portal.example.org/' });
    expect($(el, '[data-tak-portal] a').getAttribute('href')).toBe('https://portal.example.org/request-access');
    expect(text($(el, '[data-tak-portal]'))).toContain('handled in TAK Portal');
    expect($$(el, 'li[data-request]')).toEqual([]);
  });

  it('says requests are off with a read-only directory', async () => {
    const el = await panel({ mode: 'off', requests: [] });
    expect(text($(el, '[data-requests-off]'))).toContain('read-only');
  });

  it('moves focus to its heading when a denied request leaves the list', async () => {
    const el = await panel();
    button(item(el, 'gina'), 'Deny gina').click();
    await settle(el);
    item(el, 'gina').querySelector('form')!.requestSubmit();
    el.requests = [FRANK];
    await settle(el);
    expect(el.shadowRoot!.activeElement).toBe($(el, 'h2'));
  });
});
