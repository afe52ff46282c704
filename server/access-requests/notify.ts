import { html } from 'hono/html';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { AccessRequest } from './types.ts';

export interface AdminNotifier {
  /** Emails the admins about a new request. Never throws: a failure is logged and the request stays stored. */
  newRequest(request: AccessRequest, reviewUrl: string | null): Promise<void>;
}

export interface NotifierOptions {
  /** SMTP_URL and SMTP_FROM; null: no email. The editor's own email settings are never used. */
  smtp: { url: string; from: string } | null;
  adminEmails: readonly string[];
  log: Logger;
}

/** A relay that does not answer must not keep sockets open for minutes (nodemailer's defaults). */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createAdminNotifier(options: NotifierOptions): AdminNotifier | null {
  const { smtp, adminEmails, log } = options;
  if (!smtp || adminEmails.length === 0) return null;
  const transport = createTransport({ url: smtp.url, ...TIMEOUTS });
  return {
    async newRequest(request, reviewUrl) {
      try {
        const message = await adminMessage(request, reviewUrl);
        await transport.sendMail({ from: smtp.from, to: [...adminEmails], replyTo: request.email, ...message });
        log.info({ id: request.id, username: request.username, to: adminEmails.length }, 'admins emailed about an access request');
      } catch (error) {
        log.error(
          { id: request.id, username: request.username, reason: (error as Error).message },
          'could not email the admins about an access request; it is stored and listed in the console',
        );
      }
    },
  };
}

/** Plain text as typed, and HTML with every field escaped: nothing the requester typed becomes markup. */
async function adminMessage(request: AccessRequest, reviewUrl: string | null): Promise<{ subject: string; text: string; html: string }> {
  const rows: Array<[string, string]> = [
    ['Name', request.name],
    ['Email', request.email],
    ['Username', request.username],
    ['Agency', request.agency ?? '—'],
  ];
  const review = reviewUrl ? `Review it in the stream console: ${reviewUrl}` : 'Review it in the stream console.';
  const text = [
    `${request.name} asked for access to the streams.`,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    'Reason:',
    request.reason,
    '',
    review,
    `Submitted ${request.submittedAt} (request ${request.id}).`,
  ].join('\n');
  const body = await html`<p>${request.name} asked for access to the streams.</p>
<table>${rows.map(([label, value]) => html`<tr><th align="left">${label}</th><td>${value}</td></tr>`)}</table>
<p><strong>Reason</strong></p>
<p style="white-space:pre-wrap">${request.reason}</p>
<p>${reviewUrl ? html`<a href="${reviewUrl}">Review it in the stream console</a>` : 'Review it in the stream console.'}</p>
<p><small>Submitted ${request.submittedAt} (request ${request.id}).</small></p>`;
  // The username matches a safe pattern, so it cannot break the header.
  return { subject: `Stream access request: ${request.username}`, text, html: String(body) };
}
