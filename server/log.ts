import { pino, type Logger } from 'pino';

/** JSON lines on stdout; the password-bearing fields are redacted wherever they appear. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'mediamtx-ldap-overlay' }, redact: ['password', '*.password', 'bindPassword', '*.bindPassword'] },
    destination ?? process.stdout,
  );
}
