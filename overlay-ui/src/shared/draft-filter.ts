import type { ReactiveController, ReactiveControllerHost } from 'lit';

const DELAY_MS = 300;

/**
 * A filter typed into a search field. What is typed stays a draft and is sent a moment after the
 * last key (or at once on submit), so a request does not start per key; while nothing waits to be
 * sent, the field follows the query the list was read with.
 */
export class DraftFilter implements ReactiveController {
  draft = '';
  private timer: number | undefined;
  private readonly host: ReactiveControllerHost;
  /** The value the host's query holds now. */
  private readonly applied: () => string;
  private readonly send: (value: string) => void;

  constructor(host: ReactiveControllerHost, applied: () => string, send: (value: string) => void) {
    this.host = host;
    this.applied = applied;
    this.send = send;
    host.addController(this);
  }

  /** The host's query changed: the field shows it, unless a draft is still waiting. */
  follow() {
    if (this.timer === undefined) this.draft = this.applied();
  }

  readonly input = (event: Event) => {
    this.draft = (event.target as HTMLInputElement).value;
    this.host.requestUpdate();
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.submit(), DELAY_MS);
  };

  /** Sends the trimmed draft: always on a submit, and after the pause only when it differs from the query. */
  readonly submit = (event?: Event) => {
    event?.preventDefault();
    this.cancel();
    const value = this.draft.trim();
    if (event || value !== this.applied()) this.send(value);
  };

  /** Drops a waiting draft (another change to the query is sent instead). */
  cancel() {
    window.clearTimeout(this.timer);
    this.timer = undefined;
  }

  hostDisconnected() {
    this.cancel();
  }
}
