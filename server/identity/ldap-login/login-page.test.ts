import { describe, expect, it } from 'vitest';
import { safeNext } from './login-page.ts';

const ORIGIN = 'https://stream.example.org';

describe('safeNext', () => {
  it.each([
    ['/', '/'],
    ['/?tab=streams', '/?tab=streams'],
    ['/api/x?a=1#frag', '/api/x?a=1#frag'],
    ['/%2F/evil.example', '/%2F/evil.example'],
    ['/a/../b', '/b'],
    ['/caf\u00e9 \u2028', '/caf%C3%A9%20%E2%80%A8'],
  ])('keeps the same-site path %j as %j', (value, expected) => {
    expect(safeNext(value, ORIGIN)).toBe(expected);
  });

  it.each([
    [undefined],
    [42],
    [''],
    ['\n'],
    ['evil.example'],
    [' /x'],
    ['//evil.example'],
    ['///evil.example'],
    ['https://evil.example'],
    [`${ORIGIN}/x`],
    ['/\\evil.example'],
    ['/\\/evil.example'],
    ['/\t/evil.example/p'],
    ['/\n/evil.example'],
    ['/\r\n/evil.example'],
    ['/x\ny'],
    ['/streams\u0000'],
    ['/\u007f'],
    ['/\u0085x'],
    ['/.//evil.example'],
    ['/..//evil.example/x'],
    ['/%2e%2e//evil.example'],
  ])('refuses %j: /', (value) => {
    expect(safeNext(value, ORIGIN)).toBe('/');
  });
});
