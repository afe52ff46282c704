import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../test/harness/smtp-sink.ts';
import { createLogger } from '../log.ts';
import { createAdminNotifier } from './notify.ts';
import type { AccessRequest } from './types.ts';

const REQUEST: AccessRequest = {
  id: '00000000-0000-4000-8000-000000000001',
  name: '<img src=x onerror=alert(1)> Mallory',
  email: 'mallory@example.org',
  username: 'mallory',
  reason: 'I need <b>all</b> the streams & more',
  agency: '<script>x</script>',
  state: 'pending',
  submittedAt: '2030-01-01T00:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  groups: [],
  denyReason: null,
  approval: null,
};

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _e, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink?.stop());

describe('createAdminNotifier', () => {
  it('is off without SMTP or without admins to tell', () => {
    const { log } = capture();
    expect(createAdminNotifier({ smtp: null, adminEmails: ['a@example.org'], log })).toBeNull();
    expect(createAdminNotifier({ smtp: { url: sink.url, from: 'x@example.org' }, adminEmails: [], log })).toBeNull();
  });

  it('emails every admin, with the requester as Reply-To and every field escaped in the HTML part', async () => {
    const { log } = capture();
    const notifier = createAdminNotifier({
      smtp: { url: sink.url, from: 'Streams <streams@example.org>' },
      adminEmails: ['ops@example.org', 'lead@example.org'],
      log,
    })!;
    await notifier.newRequest(REQUEST, 'https://stream.example.org/');
    const mail = sink.messages.at(-1)!;
    expect(mail.from).toBe('streams@example.org');
    expect(mail.to).toEqual(['ops@example.org', 'lead@example.org']);
    expect(mail.subject).toBe('Stream access request: mallory');
    expect(mail.headers).toMatch(/^reply-to: mallory@example\.org/im);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; Mallory');
    expect(mail.html).toContain('I need &lt;b&gt;all&lt;/b&gt; the streams &amp; more');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(mail.html).not.toMatch(/<img|<script|<b>/);
    expect(mail.html).toContain('<a href="https://stream.example.org/">');
    // Plain text is never interpreted, so it carries the fields as typed.
    expect(mail.text).toContain('Name: <img src=x onerror=alert(1)> Mallory');
    expect(mail.text).toContain('Review it in the stream console: https://stream.example.org/');
  });

  it('logs a relay that cannot be reached and does not throw', async () => {
    const down = await startSmtpSink();
    await down.stop();
    const { log, lines } = capture();
    const notifier = createAdminNotifier({ smtp: { url: down.url, from: 'streams@example.org' }, adminEmails: ['ops@example.org'], log })!;
    await expect(notifier.newRequest(REQUEST, null)).resolves.toBeUndefined();
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, username: 'mallory', msg: expect.stringMatching(/could not email the admins/) }));
  });
});
