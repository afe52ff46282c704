// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import './define.ts';
import { YAML_SAVE_DETAIL } from '../../testing/activity.ts';
import { $, $$, deepText, mount, text } from '../../testing/helpers.ts';

afterEach(() => document.body.replaceChildren());

describe('vid-activity-diff', () => {
  it('is a table with a caption and column and row headers: setting, before, after', async () => {
    const el = await mount('vid-activity-diff', { diff: YAML_SAVE_DETAIL.diff, label: 'What demo-admin changed' });
    expect(text($(el, 'caption'))).toBe('What demo-admin changed');
    expect($$(el, 'thead th').map((th) => [text(th), th.getAttribute('scope')])).toEqual([
      ['Setting', 'col'],
      ['Before', 'col'],
      ['After', 'col'],
    ]);
    expect($$(el, 'tbody th').map((th) => [text(th), th.getAttribute('scope')])).toEqual([
      ['logLevel', 'row'],
      ['authInternalUsers.1.pass', 'row'],
      ['authInternalUsers.3', 'row'],
    ]);
  });

  it('shows values as JSON, a redacted secret as a "redacted" marker (inside objects too), a missing side as "not set"', async () => {
    const el = await mount('vid-activity-diff', { diff: YAML_SAVE_DETAIL.diff });
    const cells = $$(el, 'tbody tr').map((tr) => [...tr.querySelectorAll('td')].map((td) => text(td)));
    expect(cells).toEqual([
      ['"info"', '"debug"'],
      ['redacted', 'redacted'],
      ['not set', '{"user":"ops","pass":redacted,"ips":[]}'],
    ]);
    expect($$(el, '[data-redacted]')).toHaveLength(3);
    expect(deepText(el)).not.toContain('<redacted>');
  });

  it('says so when nothing changed', async () => {
    const el = await mount('vid-activity-diff', { diff: [] });
    expect(text(el.shadowRoot!)).toBe('No setting changed.');
  });
});
