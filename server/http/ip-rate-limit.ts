import type { Context } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { OverlayEnv } from './env.ts';
import type { OverlayError } from './errors.ts';
import { rateLimitKey } from './rate-limit-key.ts';

export interface IpRateLimitOptions {
  keyPrefix: string;
  points: number;
  windowSeconds: number;
  /** The client address the request came from (the open forms derive it with clientIp). */
  clientIp(c: Context<OverlayEnv>): string;
  /** The error to answer once the address has spent its points; each form words it its own way. */
  refusal(ip: string, retryAfterSeconds: number): OverlayError;
}

/**
 * Counts requests per client address (IPv6 by /64, see rateLimitKey) for the open forms, which
 * anyone can post without signing in; past the limit, `consume` throws the form's own 429.
 */
export function createIpRateLimit(options: IpRateLimitOptions): { consume(c: Context<OverlayEnv>): Promise<void> } {
  const limiter = new RateLimiterMemory({ keyPrefix: options.keyPrefix, points: options.points, duration: options.windowSeconds });
  return {
    async consume(c) {
      const ip = options.clientIp(c);
      try {
        await limiter.consume(rateLimitKey(ip));
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw options.refusal(ip, Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      }
    },
  };
}
