import { describe, expect, it } from 'vitest';
import { ipAllowList } from './ip-allow-list.ts';

describe('ipAllowList', () => {
  const allowed = ipAllowList(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', '::1']);
  it.each([
    ['127.0.0.1', true],
    ['::ffff:127.0.0.1', true],
    ['10.200.3.4', true],
    ['::ffff:10.1.1.1', true],
    ['11.0.0.1', false],
    ['::1', true],
    ['fd12::5', true],
    ['fe80::1', false],
    ['', false],
    ['not-an-ip', false],
  ])('%s → %s', (ip, expected) => expect(allowed(ip)).toBe(expected));

  it('names a bad entry', () => {
    expect(() => ipAllowList(['10.0.0.0/33'])).toThrow(/"10.0.0.0\/33" has an invalid prefix length/);
    expect(() => ipAllowList(['mediamtx'])).toThrow(/"mediamtx" is not an IP address or CIDR/);
  });
});
