import { describe, expect, it } from 'vitest';
import { parseGroupsHeader } from './groups-header.ts';

describe('parseGroupsHeader', () => {
  it('splits on pipes only and keeps spaces, commas and semicolons inside names', () => {
    expect(parseGroupsHeader('vid_public|Team Alpha, West|tak_ROLE_ADMIN|vid_ops; night| |vid_public')).toEqual([
      'vid_public',
      'Team Alpha, West',
      'tak_ROLE_ADMIN',
      'vid_ops; night',
    ]);
    expect(parseGroupsHeader(undefined)).toEqual([]);
  });
});
