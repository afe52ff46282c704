import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { OverlayError } from './errors.ts';

/**
 * The posted form fields. A body that cannot be read as a form (a broken multipart body, say) is
 * the sender's mistake: a 400, not a 500 and an error in the log that anyone on the open pages could cause.
 */
export async function readForm(c: Context): Promise<Record<string, string | File>> {
  try {
    return await c.req.parseBody();
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    throw new OverlayError(400, {
      title: 'Form not readable',
      message: 'The form could not be read. Reload the page and send it again.',
      log: `unreadable form body: ${(error as Error).message}`,
    });
  }
}
