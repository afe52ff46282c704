// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import type { RecoveryStatus } from '../../shared/api-types.ts';
import { $, $$, mount, recordEvents, text } from '../../testing/helpers.ts';

afterEach(() => document.body.replaceChildren());

const STATUS: RecoveryStatus = {
  complete: false,
  items: [
    { key: 'flow', label: 'Recovery flow "vid-password-recovery"', present: true, detail: '"vid-password-recovery" exists' },
    { key: 'email-stage', label: 'Email stage (sends the reset link)', present: false, detail: '"vid-recovery-email" is missing: Enable creates it' },
    { key: 'smtp', label: 'Email delivery (SMTP) in Authentik', present: false, checkOnly: true, detail: 'Cannot verify SMTP from the API' },
  ],
};
const rows = (el: HTMLElement) => $$(el, 'li[data-item]').map((li) => [li.dataset.item, text(li.querySelector('.chip')), text(li.querySelector('.detail'))]);

describe('vid-password-recovery', () => {
  it('shows each piece as present or missing, with its detail', async () => {
    const el = await mount('vid-password-recovery', { recovery: STATUS });
    expect(rows(el)).toEqual([
      ['flow', 'present', '"vid-password-recovery" exists'],
      ['email-stage', 'missing', '"vid-recovery-email" is missing: Enable creates it'],
      ['smtp', 'unverified', 'Cannot verify SMTP from the API'],
    ]);
    expect(text($(el, '[data-summary]'))).toBe('1 of the pieces Enable manages is missing.');
  });

  it('asks to enable, and shows what the run created', async () => {
    const el = await mount('vid-password-recovery', { recovery: STATUS });
    const asks = recordEvents(el, 'vid-enable-recovery');
    $<HTMLButtonElement>(el, 'button').click();
    expect(asks).toEqual([{}]);
    const done: RecoveryStatus = { complete: true, items: STATUS.items.map((i) => (i.key === 'email-stage' ? { ...i, present: true } : i)) };
    Object.assign(el, { recovery: done, created: ['email-stage'], status: 'Created or set: Email stage (sends the reset link).' });
    await el.updateComplete;
    expect(text($(el, 'li[data-item="email-stage"]'))).toContain('just created');
    expect(text($(el, '[data-summary]'))).toBe('Everything Enable manages is in place.');
    expect(text($(el, '[role="status"]'))).toBe('Created or set: Email stage (sends the reset link).');
  });

  it('disables the button while a run is out, and shows a failure as an alert', async () => {
    const el = await mount('vid-password-recovery', { recovery: STATUS, busy: true, error: 'Password recovery was not enabled: Authentik refused.' });
    expect($<HTMLButtonElement>(el, 'button').disabled).toBe(true);
    expect(text($(el, '[role="alert"]'))).toBe('Password recovery was not enabled: Authentik refused.');
  });
});
