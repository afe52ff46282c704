/**
 * How the real editor 2.0.8 (Flask on Debian 12's Werkzeug 2.2.2) routes tricky request targets,
 * for a signed-in viewer. `route` is what the stand-in must match; `real` is what the real editor
 * answered (status, and a body or Location that tells its routes apart). The stand-in is held to
 * `route` always; test/real-editor/ holds the real editor to `real` when one is named.
 */
export interface WerkzeugCase {
  /** Sent on the wire exactly as written (no client-side normalisation). */
  target: string;
  /** The Flask rule the stand-in must reach, or what it must answer instead. */
  route: string | { status: 404 } | { status: 308; location: string };
  real: { status: number; body?: RegExp; location?: string };
}

const RECORDING_HLS = '/api/recordings/hls/<sid>/<f>/<path:subpath>';
const DOTS = '/%2e%2e'.repeat(6);

export const WERKZEUG_CASES: WerkzeugCase[] = [
  // Dot segments stay in the path; a <path:…> converter swallows them.
  { target: `/api/recordings/hls/s/f.mp4/x${DOTS}/static/a`, route: RECORDING_HLS, real: { status: 404, body: /Recording not found/ } },
  { target: '/api/recordings/hls/s/f.mp4/../../x', route: RECORDING_HLS, real: { status: 404, body: /Recording not found/ } },
  { target: '/shared-hls/t/%2e%2e/x', route: '/shared-hls/<token>/<path:subpath>', real: { status: 403, body: /Link expired or revoked/ } },
  { target: '/watch/..', route: '/watch/<stream>', real: { status: 503, body: /Stream unavailable/ } },
  { target: '/watch/%2E%2E', route: '/watch/<stream>', real: { status: 503, body: /Stream unavailable/ } },
  { target: '/watch/%2e%2e/', route: { status: 404 }, real: { status: 404 } },
  { target: '/./get_yaml', route: { status: 404 }, real: { status: 404 } },
  // Escapes are decoded before matching, %2f included.
  { target: '/%67et_yaml', route: '/get_yaml', real: { status: 200, body: /^api:/ } },
  { target: '/api%2fmediamtx%2fusers', route: '/api/mediamtx/users', real: { status: 200, body: /"users"/ } },
  { target: '/watch/a%2fb', route: { status: 404 }, real: { status: 404 } },
  { target: '/get_yaml%00', route: { status: 404 }, real: { status: 404 } },
  { target: '/get_yaml%zz', route: { status: 404 }, real: { status: 404 } },
  // Leading slashes merge silently; repeated ones further in redirect to the merged spelling.
  { target: '//get_yaml', route: '/get_yaml', real: { status: 200, body: /^api:/ } },
  { target: '///get_yaml', route: '/get_yaml', real: { status: 200, body: /^api:/ } },
  { target: '/%2f/get_yaml', route: '/get_yaml', real: { status: 200, body: /^api:/ } },
  { target: '/api//streams', route: { status: 308, location: '/api/streams' }, real: { status: 308, location: '/api/streams' } },
  { target: '//api//streams', route: { status: 308, location: '/api/streams' }, real: { status: 308, location: '/api/streams' } },
  { target: '/shared-hls/t//x', route: { status: 308, location: '/shared-hls/t/x' }, real: { status: 308, location: '/shared-hls/t/x' } },
  { target: '/api/streams//', route: { status: 404 }, real: { status: 404 } },
  // No trailing-slash or case leniency.
  { target: '/get_yaml/', route: { status: 404 }, real: { status: 404 } },
  { target: '/GET_YAML', route: { status: 404 }, real: { status: 404 } },
  // Role checks: some data routes answer viewers, admin-only ones redirect them.
  { target: '/api/mediamtx/users', route: '/api/mediamtx/users', real: { status: 200, body: /"users"/ } },
  { target: '/api/firewall/rules', route: '/api/firewall/rules', real: { status: 302, location: '/?message=Access' } },
];
