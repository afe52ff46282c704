/** Activity entries as the API sends them, for the tests (never part of the bundle). */
import type { ActivityDetail, ActivityEntry } from '../shared/api-types.ts';

/** The password a YAML save put in, which no page may ever show. */
export const SAVED_PASSWORD = 's3cret-Hunter2';

export function activityEntry(id: string, extra: Partial<ActivityEntry> = {}): ActivityEntry {
  return {
    id,
    at: '2025-03-01T10:00:00.000Z',
    user: 'demo-admin',
    role: 'admin',
    kind: 'editor-change',
    method: 'POST',
    route: '/save_yaml',
    status: 200,
    outcome: 'ok',
    summary: 'saved the YAML (2 keys changed)',
    hasDiff: false,
    ...extra,
  };
}

/** A YAML save with a diff (a password among its keys, redacted as the server does), newest first. */
export const YAML_SAVE = activityEntry('a-yaml', { at: '2025-03-01T11:58:00.000Z', hasDiff: true });
export const YAML_SAVE_DETAIL: ActivityDetail = {
  ...YAML_SAVE,
  diff: [
    { key: 'logLevel', before: 'info', after: 'debug' },
    { key: 'authInternalUsers.1.pass', before: '<redacted>', after: '<redacted>' },
    { key: 'authInternalUsers.3', before: undefined, after: { user: 'ops', pass: '<redacted>', ips: [] } },
  ],
};
export const FAILED_RESTART = activityEntry('b-restart', {
  at: '2025-03-01T11:00:00.000Z',
  user: 'other-admin',
  route: '/api/service/restart',
  status: 502,
  outcome: 'failed',
  summary: 'restarted MediaMTX',
});
export const RULE_CHANGE = activityEntry('c-rule', {
  at: '2025-02-27T12:00:00.000Z',
  kind: 'rule-change',
  method: 'PUT',
  route: '/_overlay/api/rules',
  summary: 'made drone visible to vid_alpha',
});
export const UPLOAD = activityEntry('d-upload', {
  at: '2025-02-20T12:00:00.000Z',
  route: '/api/test/upload',
  summary: 'uploaded a test file',
  upload: { name: 'clip.mp4', size: 3 * 1024 * 1024 },
});

export const ACTIVITY: ActivityEntry[] = [YAML_SAVE, FAILED_RESTART, RULE_CHANGE, UPLOAD];
/** What the panel's relative times count from in the tests: two minutes after the YAML save. */
export const NOW = Date.parse('2025-03-01T12:00:00.000Z');
