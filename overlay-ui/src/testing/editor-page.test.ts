// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadEditorPage, unloadEditorPage } from './editor-page.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the stand-in editor page in tests', () => {
  it("stops the page's own timers on unload: the 5 s stream refresh never runs on an emptied page", async () => {
    vi.useFakeTimers();
    // loadStreams fetches; nothing answers here, and nothing needs to.
    vi.stubGlobal('fetch', () => new Promise(() => {}));
    const editor = loadEditorPage('admin');
    editor.showTab('streams'); // starts the refresh interval, as the real page does
    unloadEditorPage();
    document.body.innerHTML = '';
    // Before: the interval read document.getElementById('streams').classList on the emptied page and threw.
    expect(() => vi.advanceTimersByTime(20_000)).not.toThrow();
    expect(vi.getTimerCount()).toBe(0);
  });
});
