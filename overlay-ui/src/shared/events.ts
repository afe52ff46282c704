import type { ActivityQuery, UsersQuery } from './api-types.ts';

/**
 * Every event the overlay's elements send up, with its detail. All bubble and cross shadow
 * roots (composed); only `vid-overlay-root` acts on them by calling the API.
 */
export interface VidEventMap {
  /** A group switch flipped (`vid-group-switches`); `subject` is the stream or person it is about. */
  'vid-toggle-group': { subject: string; group: string; on: boolean };
  /** Make a stream visible to a group or not (exact rule for that path). */
  'vid-stream-group': { path: string; group: string; on: boolean };
  /** Turn `<prefix>public` off for a stream, keep its other groups. */
  'vid-private-only': { path: string };
  /** Drop a stream's exact rule so patterns/defaults decide again. */
  'vid-reset-stream': { path: string };
  /** Show (or, with null, hide) who can see a stream. */
  'vid-show-viewers': { path: string | null };
  /** Save a rule; `original` is the selector being edited (null: a new rule). */
  'vid-rule-save': { original: string | null; path: string; groups: string[] };
  'vid-rule-delete': { path: string };
  /** A rule form was closed without saving. */
  'vid-rule-cancel': { original: string | null };
  /** A chip in the Active Streams table asks for that stream's toggles. */
  'vid-open-stream': { path: string };
  'vid-users-query': UsersQuery;
  'vid-member-group': { username: string; group: string; on: boolean };
  'vid-create-group': { name: string };
  /** "What can this user see" (null closes the answer). */
  'vid-user-access': { username: string | null };
  'vid-dismiss-conflict': Record<string, never>;
  /** Approve an access request with these stream groups. */
  'vid-approve-request': { id: string; groups: string[] };
  /** Deny an access request; the reason is optional. */
  'vid-deny-request': { id: string; reason: string | null };
  /** The admin has passed a set-password link on (or read the notice): stop showing it. */
  'vid-dismiss-setup': { id: string };
  /** Create what is missing of Authentik's password recovery. */
  'vid-enable-recovery': Record<string, never>;
  /** The Activity panel's filters or page changed. */
  'vid-activity-query': ActivityQuery;
  /** Show (fetched on demand) or hide an activity entry's before/after diff. */
  'vid-activity-changes': { id: string; open: boolean };
}

export type VidEventName = keyof VidEventMap;
export type VidEvent<K extends VidEventName> = CustomEvent<VidEventMap[K]>;

declare global {
  // Declaration merging: the interfaces gain our events' types; they declare nothing of their own.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends VidEventMapAsEvents {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DocumentEventMap extends VidEventMapAsEvents {}
}
type VidEventMapAsEvents = { [K in VidEventName]: VidEvent<K> };

/** The one way an overlay element reports something: bubbling, composed, typed. */
export function emit<K extends VidEventName>(target: EventTarget, name: K, detail: VidEventMap[K]): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }));
}
