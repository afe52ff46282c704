/**
 * Request bodies an attacker controls, sent to the real overlay. Share links: the stream name is
 * checked against the rules only once it is a valid MediaMTX path name in the rules' exact-path
 * syntax; anything else is refused before the rules are asked and before the editor sees it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
  const rule = await fetch(`${stack.overlay.url}/_overlay/api/rules`, {
    method: 'PUT',
    headers: { ...asForwardAuthUser('demo-admin'), Accept: 'application/json', 'Content-Type': 'application/json', 'If-Match': '"0"' },
    body: JSON.stringify({ path: 'drone1', groups: ['vid_private'] }),
  });
  expect(rule.status).toBe(200);
});
afterAll(() => stack?.stop());

function share(user: string, body: string) {
  return fetch(`${stack.overlay.url}/api/share-links/generate`, {
    method: 'POST',
    headers: { ...asForwardAuthUser(user), Accept: 'application/json', 'Content-Type': 'application/json' },
    body,
  });
}

const editorShares = () => stack.editor.hits.filter((h) => h.path === '/api/share-links/generate');

describe('share-link names as sent', () => {
  it.each([
    ['./x', /"\."/],
    ['x ', /space/],
    ['/x', /starts with "\/"/],
    ['a//b', /empty segment/],
    ['x/', /ends with "\/"/],
    ['../cam1', /"\.\."/],
    ['cam1/..', /"\.\."/],
    ['cam1\u0000', /control character/],
    ['live/*', /not a stream name/],
    ['~^cam', /not a stream name/],
  ])('refuses %j with 400 naming the field, for an admin too, and never asks the editor', async (stream, why) => {
    stack.editor.clearHits();
    for (const user of ['demo-admin', 'demo-viewer']) {
      const res = await share(user, JSON.stringify({ stream, ttl: '1h' }));
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; field?: string };
      expect(body.field).toBe('stream');
      expect(body.error).toMatch(why);
    }
    expect(editorShares()).toHaveLength(0);
  });

  it('still shares a valid name the caller may see, and refuses one they may not (403)', async () => {
    stack.editor.clearHits();
    expect((await share('demo-viewer', JSON.stringify({ stream: 'cam1', ttl: '1h' }))).status).toBe(200);
    expect((await share('demo-viewer', JSON.stringify({ stream: 'drone1', ttl: '1h' }))).status).toBe(403);
    expect(editorShares()).toHaveLength(1);
  });
});

describe('share-link bodies', () => {
  it.each([
    ['no body', ''],
    ['not JSON', '{stream: cam1'],
    ['a JSON string', '"cam1"'],
    ['an array', '[{"stream":"cam1"}]'],
    ['stream missing', '{"ttl":"1h"}'],
    ['stream not a string', '{"stream":["cam1"]}'],
    ['stream a number', '{"stream":1}'],
    ['stream empty', '{"stream":""}'],
    ['stream blank', '{"stream":"   "}'],
  ])('refuses %s with 400 naming the field', async (_what, body) => {
    stack.editor.clearHits();
    const res = await share('demo-admin', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'stream' });
    expect(editorShares()).toHaveLength(0);
  });
});
