import type { ReactiveControllerHost } from 'lit';
import { ApiError, type OverlayApi } from '../../shared/api.ts';
import type { FieldError, Me } from '../../shared/api-types.ts';

/**
 * What the root gives the state of each of its panels: the one API transport, who is signed in,
 * the stream groups every panel shares, and a re-render (the panes are rendered in its update).
 */
export interface PanelHost extends ReactiveControllerHost {
  readonly api: OverlayApi;
  readonly me: Me | null;
  readonly groups: string[];
  loadGroups(): Promise<void>;
  /** Someone's groups changed: member counts and who-sees-what are stale (reloaded best effort). */
  directoryChanged(): void;
}

/**
 * One panel's state and API calls, kept out of the root element. Fields are plain; every change
 * ends with `changed()`, which re-renders the panes. Event handlers are arrow functions because
 * the panes are rendered with the root as their host.
 */
export abstract class PanelState {
  protected readonly host: PanelHost;

  constructor(host: PanelHost) {
    this.host = host;
  }

  protected changed(): void {
    this.host.requestUpdate();
  }
}

/** An API failure in words: the overlay's own message, or what to check when it was not reached. */
export function message(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'The overlay could not be reached. Check the connection and try again.';
}

export function fieldErrorOf(error: unknown): FieldError {
  return error instanceof ApiError ? error.fieldError : { field: null, message: message(error) };
}

/** A copy of `errors` with `key` set to `error`, or removed when it is null. */
export function withError<T extends object>(errors: Readonly<Record<string, T>>, key: string, error: NoInfer<T> | null): Record<string, T> {
  const next = { ...errors };
  if (error) next[key] = error;
  else delete next[key];
  return next;
}
