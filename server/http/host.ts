/**
 * A Host (or X-Forwarded-Host) value that is a plain host name or address with an optional port:
 * what browsers send (international names arrive punycoded). Anything else, such as a `/` or `?`
 * that a URL parser would read as the start of a path, is not a host.
 */
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

export function isPlainHost(value: string): boolean {
  return HOST.test(value);
}
