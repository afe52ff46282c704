import type { HttpBindings } from '@hono/node-server';
import type { Role } from '../policy/groups.ts';

/** Who the request is from, as the identity step established it (before groups are resolved). */
export interface Identity {
  username: string;
  /** Groups the reverse proxy sent (forward auth); null when only the directory can say. */
  headerGroups: string[] | null;
  source: 'forward-auth' | 'ldap-login';
}

export interface SignedInUser {
  username: string;
  name: string;
  /** Stream and admin groups only (policy/groups.ts relevantGroups), as the directory spells them; nothing else is ever kept. */
  groups: string[];
  role: Role;
}

export type OverlayEnv = {
  Bindings: HttpBindings;
  Variables: {
    /** The decoded request path, exactly as the editor will route it (set by requestTargetGuard). */
    path: string;
    identity: Identity;
    user: SignedInUser;
    /** A small request body read once (see requestBody); null when there is none or it is too large to hold. */
    requestBody: Buffer | null;
    /** Set by the activity log on an upload it measures: sees the streamed request body's chunks (see ProxyTrip.observe). */
    requestTap: ((chunk: Buffer) => void) | undefined;
    /** What the editor answered a forwarded request, once relayed (the activity log reads it: the response is already sent). */
    editorAnswer: { status: number; location?: string } | undefined;
  };
};
