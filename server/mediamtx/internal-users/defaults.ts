/**
 * What the overlay uses when mediamtx.yml has no `authInternalUsers` key. MediaMTX's own default
 * (`defaultAuthInternalUsers` in internal/conf/conf.go) also lets anyone publish, read and play
 * back any path; honouring that would make the directory groups decide nothing, so the overlay
 * keeps only the loopback api/metrics/pprof entry (closed by default) and says so.
 */
export const MEDIAMTX_DEFAULT_INTERNAL_USERS: readonly unknown[] = Object.freeze([
  {
    user: 'any',
    pass: '',
    ips: ['127.0.0.1', '::1'],
    permissions: [{ action: 'api' }, { action: 'metrics' }, { action: 'pprof' }],
  },
]);

export const DEFAULTS_NOTICE =
  "authInternalUsers is not set. MediaMTX's default would let anyone publish, read and play back any path; " +
  'the overlay does not: only api/metrics/pprof from 127.0.0.1 and ::1 are allowed without directory credentials. ' +
  'List publishers and anonymous test streams under authInternalUsers to keep them working.';
