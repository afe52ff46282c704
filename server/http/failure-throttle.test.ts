import { describe, expect, it } from 'vitest';
import { createFailureThrottle } from './failure-throttle.ts';

describe('createFailureThrottle, per address', () => {
  it('counts the addresses of one IPv6 /64 together, so changing the last bits does not reset it', async () => {
    const throttle = createFailureThrottle({ perUser: 100, perIp: 3, windowSeconds: 60 });
    for (let i = 1; i <= 3; i++) await throttle.recordFailure(`guess${i}`, `2001:db8:7:7::${i}`);
    expect(await throttle.check('fresh', '2001:db8:7:7:abcd::99')).toMatchObject({ blocked: true });
    expect(await throttle.check('fresh', '2001:db8:7:8::1')).toEqual({ blocked: false, retryAfterSeconds: 0 });
  });

  it('counts an IPv4 client the same whether the socket reports it plainly or IPv4-mapped', async () => {
    const throttle = createFailureThrottle({ perUser: 100, perIp: 2, windowSeconds: 60 });
    await throttle.recordFailure('a', '::ffff:198.51.100.4');
    await throttle.recordFailure('b', '198.51.100.4');
    expect((await throttle.check('c', '198.51.100.4')).blocked).toBe(true);
    expect((await throttle.check('c', '::ffff:198.51.100.4')).blocked).toBe(true);
    expect((await throttle.check('c', '198.51.100.5')).blocked).toBe(false);
  });
});
