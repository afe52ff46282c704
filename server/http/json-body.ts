import type { Context } from 'hono';
import { OverlayError } from './errors.ts';

/** 400 naming the input field at fault, the one shape every JSON API refuses bad input with. */
export function badInput(field: string, message: string): OverlayError {
  return new OverlayError(400, { title: 'Invalid input', message: `${field}: ${message}`, field });
}

/**
 * The body of a JSON API write: 415 unless it is declared JSON (a cross-site form cannot send
 * that without a CORS preflight, which the overlay never grants), 400 when it does not parse.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').includes('application/json')) {
    throw new OverlayError(415, { title: 'JSON only', message: 'Send JSON (Content-Type: application/json).', field: 'Content-Type' });
  }
  try {
    return await c.req.json();
  } catch {
    throw badInput('body', 'not valid JSON');
  }
}
