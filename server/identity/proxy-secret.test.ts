import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ipAllowList } from '../http/ip-allow-list.ts';
import { clientIp } from './proxy-secret.ts';

const SECRET = 's'.repeat(32);

/** The address clientIp derives for a request from `peer` with these headers. */
async function addressOf(peer: string, headers: Record<string, string>, options: { secret?: string | null; trusted?: string[] } = {}) {
  const app = new Hono();
  const trusted = ipAllowList(options.trusted ?? []);
  app.get('/', (c) => c.text(clientIp(c, options.secret === undefined ? SECRET : options.secret, trusted)));
  const res = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } });
  return res.text();
}

const withSecret = (xff: string) => ({ 'X-Overlay-Proxy-Secret': SECRET, 'X-Forwarded-For': xff });

describe('clientIp', () => {
  it.each([
    ['no proxy secret and no trusted proxies: the peer', '203.0.113.9', { 'X-Forwarded-For': '198.51.100.1' }, { secret: null }, '203.0.113.9'],
    ['a wrong secret: the peer', '127.0.0.1', { 'X-Overlay-Proxy-Secret': 'wrong', 'X-Forwarded-For': '198.51.100.1' }, {}, '127.0.0.1'],
    ['the secret: the address the proxy wrote', '127.0.0.1', withSecret('198.51.100.1'), {}, '198.51.100.1'],
    ['the secret, an appending proxy: the rightmost, not what the client sent', '127.0.0.1', withSecret('10.0.0.1, 198.51.100.1'), {}, '198.51.100.1'],
    ['the secret and no X-Forwarded-For: the peer', '127.0.0.1', { 'X-Overlay-Proxy-Secret': SECRET }, {}, '127.0.0.1'],
    ['a trusted peer: the address it wrote', '127.0.0.1', { 'X-Forwarded-For': '198.51.100.1' }, { secret: null, trusted: ['127.0.0.1'] }, '198.51.100.1'],
    ['a trusted IPv4-mapped peer', '::ffff:127.0.0.1', { 'X-Forwarded-For': '198.51.100.1' }, { secret: null, trusted: ['127.0.0.0/8'] }, '198.51.100.1'],
    [
      'a chain of trusted proxies: past them, from the right',
      '127.0.0.1',
      { 'X-Forwarded-For': '1.2.3.4, 198.51.100.1, 10.0.0.2, 10.0.0.3' },
      { secret: null, trusted: ['127.0.0.1', '10.0.0.0/8'] },
      '198.51.100.1',
    ],
    [
      'nobody but trusted proxies: the leftmost',
      '127.0.0.1',
      { 'X-Forwarded-For': '10.0.0.2, 10.0.0.3' },
      { secret: null, trusted: ['127.0.0.1', '10.0.0.0/8'] },
      '10.0.0.2',
    ],
    [
      'an untrusted peer: its X-Forwarded-For is not read',
      '198.51.100.7',
      { 'X-Forwarded-For': '1.2.3.4' },
      { secret: null, trusted: ['10.0.0.0/8'] },
      '198.51.100.7',
    ],
    [
      'something that is no address: the peer, one budget for all',
      '127.0.0.1',
      { 'X-Forwarded-For': '1.2.3.4, unknown' },
      { secret: null, trusted: ['127.0.0.1'] },
      '127.0.0.1',
    ],
    ['an address with a port: the peer', '127.0.0.1', withSecret('198.51.100.1:4242'), {}, '127.0.0.1'],
    ['IPv6 from a trusted proxy', '::1', { 'X-Forwarded-For': '2001:db8::7' }, { secret: null, trusted: ['::1'] }, '2001:db8::7'],
    ['empty entries are skipped', '127.0.0.1', withSecret('198.51.100.1, ,'), {}, '198.51.100.1'],
  ] as const)('%s', async (_case, peer, headers, options, expected) => {
    expect(await addressOf(peer, headers, options as { secret?: string | null; trusted?: string[] })).toBe(expected);
  });
});
