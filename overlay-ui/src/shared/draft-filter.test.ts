// @vitest-environment happy-dom
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DraftFilter } from './draft-filter.ts';

/** A host as Lit gives one: it keeps the controllers and counts the updates asked for. */
function host() {
  const controllers: ReactiveController[] = [];
  const h = {
    updates: 0,
    addController: (c: ReactiveController) => void controllers.push(c),
    removeController: () => {},
    requestUpdate: () => void (h.updates += 1),
    updateComplete: Promise.resolve(true),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
  return h as typeof h & ReactiveControllerHost;
}

const typed = (value: string) => ({ target: { value } }) as unknown as Event;

afterEach(() => {
  vi.useRealTimers();
});

describe('DraftFilter', () => {
  it('sends what was typed once, a moment after the last key, and keeps the draft while it waits', () => {
    vi.useFakeTimers();
    let query = '';
    const sent: string[] = [];
    const filter = new DraftFilter(
      host(),
      () => query,
      (value) => sent.push((query = value)),
    );
    filter.input(typed('al'));
    filter.input(typed('alice '));
    query = 'from elsewhere';
    filter.follow(); // the list was read again meanwhile: the field keeps what is being typed
    expect(filter.draft).toBe('alice ');
    vi.advanceTimersByTime(299);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['alice']);
    query = 'bob';
    filter.follow(); // nothing waits now: the field follows the query
    expect(filter.draft).toBe('bob');
  });

  it('sends at once on submit, even unchanged, and not again after the pause', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const filter = new DraftFilter(
      host(),
      () => 'carol',
      (value) => sent.push(value),
    );
    filter.input(typed('carol'));
    filter.submit(new Event('submit'));
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual(['carol']);
  });

  it('drops a waiting draft when its element leaves the page', () => {
    vi.useFakeTimers();
    const h = host();
    const sent: string[] = [];
    const filter = new DraftFilter(
      h,
      () => '',
      (value) => sent.push(value),
    );
    filter.input(typed('dave'));
    h.disconnect();
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
