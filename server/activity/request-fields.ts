/**
 * The request's fields, read only to pick the few a summary names (editor-routes.ts): a small JSON
 * or form body that the proxy already holds (requestBody). Nothing read here is stored as it is.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { asPlainObject } from './plain-object.ts';

export function requestFields(contentType: string | undefined, body: Buffer | null): Record<string, unknown> {
  if (!body || body.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      return asPlainObject(JSON.parse(body.toString('utf8')));
    } catch {
      return {};
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  return {};
}

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\s*;/i.test(contentType ?? '');
}

export interface UploadMeter {
  /** Each chunk of the request body, in order. */
  write(chunk: Buffer): void;
  /** The named field's file: its name as sent and its size in bytes; null when there was none or the body did not parse. */
  finish(): Promise<{ name: string; size: number } | null>;
}

/**
 * Finds one file's name and size in a multipart body as it streams past, without keeping any of
 * it: the file's bytes are counted and dropped, other fields are never read.
 */
export function uploadMeter(headers: IncomingHttpHeaders, field: string): UploadMeter {
  let file: { name: string; size: number } | null = null;
  let broken = false;
  let ended = false;
  let parser: BusboyInstance;
  try {
    // Field values are not ours to read: the smallest limits busboy takes.
    parser = new Busboy({ headers: headers as IncomingHttpHeaders & { 'content-type': string }, limits: { fieldSize: 1, fields: 100, parts: 200 } });
  } catch {
    return { write: () => {}, finish: async () => null };
  }
  const done = new Promise<void>((resolve) => {
    parser.on('finish', resolve);
    parser.on('error', () => {
      broken = true;
      resolve();
    });
  });
  parser.on('file', (name, stream, filename) => {
    if (name !== field || file) {
      stream.resume();
      return;
    }
    const found = { name: filename, size: 0 };
    file = found;
    stream.on('data', (chunk: Buffer) => {
      found.size += chunk.length;
    });
  });
  parser.on('field', () => {});
  return {
    write(chunk) {
      // Chunks still arriving after finish (a request the editor answered early) are not ours any more.
      if (!broken && !ended) parser.write(chunk);
    },
    async finish() {
      if (!ended && !broken) parser.end();
      ended = true;
      await done;
      return broken ? null : file;
    },
  };
}
