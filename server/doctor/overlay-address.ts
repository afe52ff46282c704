/** Whether an address MediaMTX calls reaches this overlay: the mediamtx-auth and trusted-proxies checks, and start. */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
const isWildcard = (host: string) => ['0.0.0.0', '::', ''].includes(bare(host));
const isLoopback = (host: string) => ['localhost', '::1'].includes(bare(host)) || /^127\./.test(bare(host));

async function addressesOf(host: string): Promise<string[]> {
  if (isIP(bare(host))) return [bare(host)];
  return (await lookup(bare(host), { all: true }).catch(() => [])).map((a) => a.address);
}

/**
 * Why `address` (a URL MediaMTX calls) does not reach the overlay listening on host:port, or null
 * when it does. Compared from here: a name MediaMTX resolves differently cannot be told apart.
 */
export async function whyNotOverlay(address: string, path: string, host: string, port: number): Promise<string | null> {
  if (!address) return 'it is empty';
  if (!URL.canParse(address)) return `"${address}" is not a URL`;
  const url = new URL(address);
  if (url.protocol !== 'http:') return `${address} is not http:// (the overlay serves plain HTTP)`;
  if (url.pathname !== path) return `${address} has the path ${url.pathname}, not ${path}`;
  const urlPort = Number(url.port || 80);
  if (urlPort !== port) return `${address} uses port ${urlPort}, but the overlay listens on ${port}`;
  if (isWildcard(host)) return null;
  const targets = await addressesOf(url.hostname);
  const reaches = targets.some((t) => t === bare(host) || (isLoopback(t) && isLoopback(host)));
  return reaches ? null : `${address} names ${url.hostname}, but the overlay listens on ${host}`;
}
