/** Access requests as the API sends them, for the tests (never part of the bundle). */
import type { AccessRequest } from '../shared/api-types.ts';

export function accessRequest(username: string, extra: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: `00000000-0000-4000-8000-${username
      .padEnd(12, '0')
      .slice(0, 12)
      .replace(/[^0-9a-f]/g, 'a')}`,
    state: 'pending',
    name: `Person ${username}`,
    email: `${username}@new.example.org`,
    username,
    reason: 'I watch the drone feeds.',
    agency: null,
    submittedAt: '2025-03-01T10:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    groups: [],
    denyReason: null,
    approval: null,
    ...extra,
  };
}
