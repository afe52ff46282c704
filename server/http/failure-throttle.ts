import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimitKey } from './rate-limit-key.ts';

export interface ThrottleVerdict {
  blocked: boolean;
  retryAfterSeconds: number;
}

export interface FailureThrottle {
  /** Whether this user or this address has failed too often lately. Costs nothing when not. */
  check(user: string, ip: string): Promise<ThrottleVerdict>;
  recordFailure(user: string, ip: string): Promise<void>;
  recordSuccess(user: string): Promise<void>;
}

/**
 * Counts failed credential checks per user and per client address (an IPv6 client by its /64,
 * see rateLimitKey; rate-limiter-flexible);
 * past the limit, further tries are refused until the window has passed.
 */
export function createFailureThrottle(options: { perUser: number; perIp: number; windowSeconds: number }): FailureThrottle {
  const byUser = new RateLimiterMemory({ keyPrefix: 'user', points: options.perUser, duration: options.windowSeconds });
  const byIp = new RateLimiterMemory({ keyPrefix: 'ip', points: options.perIp, duration: options.windowSeconds });
  const userKey = (user: string) => user.trim().toLowerCase();

  async function spent(limiter: RateLimiterMemory, key: string, points: number): Promise<number> {
    const state = await limiter.get(key);
    return state && state.consumedPoints >= points ? Math.ceil(state.msBeforeNext / 1000) : 0;
  }

  return {
    async check(user, ip) {
      const wait = Math.max(await spent(byUser, userKey(user), options.perUser), await spent(byIp, rateLimitKey(ip), options.perIp));
      return { blocked: wait > 0, retryAfterSeconds: wait };
    },
    async recordFailure(user, ip) {
      // Consuming past the limit rejects with a RateLimiterRes: that is the expected "now blocked" state.
      const swallow = (reason: unknown) => {
        if (!(reason instanceof RateLimiterRes)) throw reason;
      };
      await Promise.all([byUser.consume(userKey(user)).catch(swallow), byIp.consume(rateLimitKey(ip)).catch(swallow)]);
    },
    async recordSuccess(user) {
      await byUser.delete(userKey(user));
    },
  };
}
