/** A local SMTP server on a random loopback port that keeps every message it receives, decoded. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Unfolded header block. */
  headers: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        const from = envelope.mailFrom ? envelope.mailFrom.address : '';
        messages.push({ from, to: envelope.rcptTo.map((r) => r.address), ...parseMail(Buffer.concat(chunks).toString('latin1')) });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Enough MIME for what nodemailer sends: one level of multipart, 7bit/quoted-printable/base64 parts. */
function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to'> {
  const { head, body } = split(raw);
  const subject = /^subject: (.*)$/im.exec(head)?.[1] ?? '';
  const boundary = /boundary="?([^";\s]+)"?/i.exec(head)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1).map(split) : [{ head, body }];
  const find = (type: string) => {
    const part = parts.find((p) => new RegExp(`^content-type: ${type}`, 'im').test(p.head));
    return part ? decode(part.body, /^content-transfer-encoding: (\S+)/im.exec(part.head)?.[1] ?? '7bit') : '';
  };
  return { headers: head, subject, text: find('text/plain'), html: find('text/html') };
}

function split(text: string): { head: string; body: string } {
  const trimmed = text.replace(/^\r?\n/, '');
  const at = trimmed.search(/\r?\n\r?\n/);
  const head = trimmed.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
  return {
    head,
    body: trimmed
      .slice(at)
      .replace(/^\r?\n\r?\n/, '')
      .replace(/\r?\n$/, ''),
  };
}

function decode(body: string, encoding: string): string {
  const lower = encoding.toLowerCase();
  if (lower === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (lower === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
  }
  return Buffer.from(body, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}
