import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { OverlayEnv } from './env.ts';
import { createErrorRenderer } from './errors.ts';
import { checkRequestTarget, requestTargetGuard } from './request-target.ts';

describe('checkRequestTarget', () => {
  it.each([
    ['/', '/'],
    ['/get_yaml', '/get_yaml'],
    ['/%67et_yaml', '/get_yaml'],
    ['/static/', '/static/'],
    ['/api/recordings/download/2025-01-01T10%3A00%3A00.mp4?x=%2e%2e', '/api/recordings/download/2025-01-01T10:00:00.mp4'],
    ['/caf%C3%A9', '/café'],
    ['/a..b/.c/d.', '/a..b/.c/d.'],
  ])('%s is decided as %s', (target, path) => {
    expect(checkRequestTarget(target)).toEqual({ kind: 'ok', path, raw: target.split('?')[0] });
  });

  it.each([
    ['/a/./b', 'has a "." segment'],
    ['/a/../b', 'has a ".." segment'],
    ['/a/%2e%2e/b', 'has a ".." segment'],
    ['/a/%2E./b', 'has a ".." segment'],
    ['/a/.%2E', 'has a ".." segment'],
    ['/%2e', 'has a "." segment'],
    ['/api%2fstreams', 'has an encoded "/" inside a segment'],
    ['/api%2Fstreams', 'has an encoded "/" inside a segment'],
    ['/a%5cb', 'contains a backslash'],
    ['/a\\b', 'contains a backslash'],
    ['/a%00', 'contains a NUL character'],
    ['/%E0%A4%A', 'has a percent-escape that does not decode'],
    ['/a#b', 'contains "#"'],
    ['http://127.0.0.1/get_yaml', 'is not a path starting with "/"'],
    ['*', 'is not a path starting with "/"'],
  ])('refuses %s: %s', (target, problem) => {
    expect(checkRequestTarget(target)).toEqual({ kind: 'refused', problem });
  });

  it.each([
    ['//get_yaml', '/get_yaml'],
    ['/api//streams?a=1//2', '/api/streams?a=1//2'],
    ['///x///y/', '/x/y/'],
  ])('sends %s to %s', (target, location) => {
    expect(checkRequestTarget(target)).toEqual({ kind: 'redirect', location });
  });
});

describe('requestTargetGuard', () => {
  const app = new Hono<OverlayEnv>();
  app.onError(createErrorRenderer(pino({ level: 'silent' })));
  app.use('*', requestTargetGuard());
  app.all('*', (c) => c.text(c.get('path')));

  it('hands the decoded path on to later steps', async () => {
    const res = await app.request('/api/%73treams?x=1');
    expect(await res.text()).toBe('/api/streams');
  });

  it('answers a refused path with 400 naming the problem', async () => {
    const res = await app.request('/api%2fstreams', { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ title: 'Bad request path', error: expect.stringContaining('encoded "/"') });
  });

  it('redirects repeated slashes with 308, keeping method and body', async () => {
    const res = await app.request('/api//streams', { method: 'POST' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/api/streams');
  });
});
