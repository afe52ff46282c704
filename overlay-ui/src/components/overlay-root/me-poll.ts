import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type OverlayApi } from '../../shared/api.ts';
import type { Me } from '../../shared/api-types.ts';

/** How often a visible page reads `/me` again (a viewer's new groups, waiting access requests). */
export const ME_POLL_MS = 30_000;
/** At most one reload this often per browser tab: a server that keeps refusing `/me` must not cause a reload loop. */
export const RELOAD_GUARD_MS = 5 * 60_000;
export const RELOAD_KEY = 'vid-overlay:reloaded-at';

export interface MePollHost extends ReactiveControllerHost, HTMLElement {
  readonly api: OverlayApi;
  /** A fresh `/me` answer (an object); the host decides what changed. */
  meRead(me: Me): void;
}

/**
 * Reads `/me` again every ME_POLL_MS while the document is visible, and at once when it becomes
 * visible again; never in a hidden tab, and not after the root left the page. A failed read is
 * only logged (console.debug): the next round tries again. A 401/403 means the session ended or
 * access was taken away, so the page is reloaded (once) to show the server's own answer — the
 * sign-in or no-access page — instead of a console whose every call now fails.
 */
export class MePoll implements ReactiveController {
  /** What a reload does; tests replace it. */
  reload: () => void;
  private readonly host: MePollHost;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private connected = false;
  private asking = false;

  constructor(host: MePollHost) {
    this.host = host;
    this.reload = () => host.ownerDocument.defaultView?.location.reload();
    host.addController(this);
  }

  /** The first `/me` is in: from now on keep it fresh. */
  start(): void {
    this.running = true;
    this.resume();
  }

  hostConnected(): void {
    this.connected = true;
    this.host.ownerDocument.addEventListener('visibilitychange', this.onVisibility);
    this.resume();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.host.ownerDocument.removeEventListener('visibilitychange', this.onVisibility);
    this.pause();
  }

  /** Stops polling for good and reloads, unless this tab reloaded for this reason moments ago. */
  reloadOnce(why: string): void {
    this.running = false;
    this.pause();
    const now = Date.now();
    try {
      const storage = this.host.ownerDocument.defaultView!.sessionStorage;
      const since = now - Number(storage.getItem(RELOAD_KEY));
      if (since >= 0 && since < RELOAD_GUARD_MS) {
        console.debug(`vid-overlay: ${why}; the page reloaded for this moments ago, so not again`);
        return;
      }
      storage.setItem(RELOAD_KEY, String(now));
    } catch {
      // Without a place to remember the reload, a reload could be the first of a loop.
      console.debug(`vid-overlay: ${why}; not reloading (no session storage to guard against a reload loop)`);
      return;
    }
    this.reload();
  }

  private get visible(): boolean {
    return this.host.ownerDocument.visibilityState !== 'hidden';
  }

  private resume() {
    if (!this.running || !this.connected || !this.visible || this.timer !== undefined) return;
    this.timer = setInterval(() => void this.poll(), ME_POLL_MS);
  }

  private pause() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private readonly onVisibility = () => {
    if (!this.visible) {
      this.pause();
    } else if (this.running && this.connected && this.timer === undefined) {
      void this.poll();
      this.resume();
    }
  };

  private async poll() {
    if (this.asking) return; // a slow answer is still out: one read at a time
    this.asking = true;
    let me: Me | undefined;
    let failure: unknown;
    try {
      me = await this.host.api.me();
    } catch (error) {
      failure = error;
    } finally {
      this.asking = false;
    }
    if (!this.running || !this.connected) return; // left the page (or is reloading) meanwhile
    if (failure instanceof ApiError && (failure.status === 401 || failure.status === 403)) {
      this.reloadOnce(`/me answered ${failure.status}`);
    } else if (failure !== undefined || !me || typeof me !== 'object') {
      console.debug('vid-overlay: reading /me again failed; trying again later', failure ?? me);
    } else {
      this.host.meRead(me);
    }
  }
}
