// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import './define.ts';
import { $, deepText, mount, recordEvents, settle, text } from '../../testing/helpers.ts';
import type { IssuedSetup } from './vid-password-setup.ts';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const URL_ONCE = 'https://stream.example.org/set-password?token=abc';
const LINK: IssuedSetup = {
  id: 'r1',
  username: 'frank',
  name: 'Frank Field',
  email: 'frank@new.example.org',
  setup: { kind: 'link', url: URL_ONCE, expiresAt: '2030-01-02T00:00:00.000Z', emailed: false },
};
const copyButton = (el: HTMLElement) => $<HTMLButtonElement>(el, 'button.copy-link');

describe('vid-password-setup', () => {
  it('shows a link that was not emailed once, with whom to pass it to, and takes focus', async () => {
    const el = await mount('vid-password-setup', { issued: LINK });
    expect(text($(el, 'h3'))).toBe('frank is approved');
    expect(text($(el, 'p'))).toContain('Pass this link on to Frank Field (frank@new.example.org) yourself');
    expect(text($(el, 'p'))).toContain('it works once, until');
    const input = $<HTMLInputElement>(el, 'input');
    expect([input.value, input.readOnly]).toEqual([URL_ONCE, true]);
    expect(text(input.closest('label'))).toBe('Set-password link for frank');
    expect(el.shadowRoot!.activeElement).toBe(copyButton(el));
  });

  it('copies the link and says so in its live region', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    const el = await mount('vid-password-setup', { issued: LINK });
    copyButton(el).click();
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith(URL_ONCE));
    await settle(el);
    expect(text($(el, '[role="status"]'))).toBe('Copied the link.');
  });

  it('selects the link for Ctrl+C when the clipboard is refused', async () => {
    vi.stubGlobal('navigator', {
      clipboard: {
        writeText: async () => {
          throw new Error('denied');
        },
      },
    });
    const el = await mount('vid-password-setup', { issued: LINK });
    copyButton(el).click();
    await vi.waitFor(() => expect(text($(el, '[role="status"]'))).toContain('press Ctrl+C'));
    expect(el.shadowRoot!.activeElement).toBe($(el, 'input'));
  });

  it('says Authentik emailed the link, with nothing to pass on', async () => {
    const el = await mount('vid-password-setup', { issued: { ...LINK, setup: { kind: 'emailed', by: 'authentik' } } });
    expect(text($(el, 'p'))).toBe('Authentik emailed a set-password link to Frank Field (frank@new.example.org): nothing to pass on.');
    expect(el.shadowRoot!.querySelector('input')).toBeNull();
    expect(deepText(el)).not.toContain('set-password?token');
  });

  it('sends "Done" up so the link is dropped', async () => {
    const el = await mount('vid-password-setup', { issued: LINK });
    const done = recordEvents(el, 'vid-dismiss-setup');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => text(b).startsWith('Done'))!.click();
    expect(done).toEqual([{ id: 'r1' }]);
  });
});
