/** Calls many tests make of a running overlay, written once. */
import { expect } from 'vitest';
import { asForwardAuthUser } from './stack.ts';

/** What MediaMTX POSTs to its authHTTPAddress (all ten keys, as v1.19+ sends them); `fields` override. */
export function mediamtxAuthBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ip: '10.0.0.5',
    user: '',
    password: '',
    token: '',
    action: 'read',
    path: 'cam1',
    protocol: 'rtsp',
    id: null,
    query: '',
    userAgent: 'test',
    ...fields,
  };
}

/** POST /auth/mediamtx as MediaMTX does; the status it answers (2xx allows). */
export async function askMediamtxAuth(overlayUrl: string, fields: Record<string, unknown> = {}): Promise<number> {
  const res = await fetch(`${overlayUrl}/auth/mediamtx`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(mediamtxAuthBody(fields)),
  });
  await res.arrayBuffer();
  return res.status;
}

/** One rule PUT by demo-admin through forward auth at the given rules version; fails the test unless it is stored. */
export async function putRuleAsAdmin(overlayUrl: string, rule: { path: string; groups: string[] }, version = 0): Promise<void> {
  const res = await fetch(`${overlayUrl}/_overlay/api/rules`, {
    method: 'PUT',
    headers: { ...asForwardAuthUser('demo-admin'), 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
    body: JSON.stringify(rule),
  });
  expect(res.status, await res.text()).toBe(200);
}
