import { describe, expect, it } from 'vitest';
import { isIdentityHeader, isLoginRedirect, rewriteLocation, withoutHopByHop } from './headers.ts';

describe('withoutHopByHop', () => {
  it('drops RFC 9110 hop-by-hop fields and those the Connection header names', () => {
    expect(
      withoutHopByHop({
        connection: 'keep-alive, X-Debug',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        upgrade: 'h2c',
        te: 'trailers',
        'proxy-authenticate': 'Basic',
        'x-debug': '1',
        'content-type': 'text/html',
        'set-cookie': ['a=1', 'b=2'],
      }),
    ).toEqual({ 'content-type': 'text/html', 'set-cookie': ['a=1', 'b=2'] });
  });
});

describe('rewriteLocation', () => {
  const editor = 'http://127.0.0.1:5080';
  it.each([
    ['/login', '/login'],
    ['http://127.0.0.1:5080/login?next=%2F', '/login?next=%2F'],
    ['http://127.0.0.1:5080/', '/'],
    ['https://auth.example.org/flow', 'https://auth.example.org/flow'],
    ['http://127.0.0.1:5081/x', 'http://127.0.0.1:5081/x'],
  ])('%s → %s', (location, expected) => expect(rewriteLocation(location, editor)).toBe(expected));

  it('recognises a redirect to the editor login page, relative or absolute', () => {
    expect(isLoginRedirect(302, '/login', editor)).toBe(true);
    expect(isLoginRedirect(302, 'http://127.0.0.1:5080/login?next=/', editor)).toBe(true);
    expect(isLoginRedirect(200, '/login', editor)).toBe(false);
    expect(isLoginRedirect(302, '/?message=Access%20denied', editor)).toBe(false);
    expect(isLoginRedirect(302, '/loginx', editor)).toBe(false);
  });

  it('knows the identity headers the editor must not see', () => {
    expect(['X-Authentik-Username', 'x-authentik-groups', 'X-Overlay-Proxy-Secret'].every(isIdentityHeader)).toBe(true);
    expect(isIdentityHeader('x-forwarded-for')).toBe(false);
  });
});
