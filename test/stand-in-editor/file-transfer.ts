import { createHash } from 'node:crypto';
import type { EditorHandler } from './editor-types.ts';

// Werkzeug's secure_filename, roughly: no directories, only portable characters.
function secureFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
}

/** POST /api/test/upload: multipart `test_file` field (the real editor's name; `file` too, as older tests send), kept in memory under its (sanitised) name. */
export const uploadTestFile: EditorHandler = async ({ c, state }) => {
  const form = await c.req.raw.formData().catch(() => null);
  const file = form?.get('test_file') ?? form?.get('file');
  if (!file || typeof file === 'string') return c.json({ ok: false, error: 'No file provided' }, 400);
  const filename = secureFilename(file.name);
  if (!filename) return c.json({ ok: false, error: 'Invalid filename' }, 400);
  const bytes = Buffer.from(await file.arrayBuffer());
  state.files.set(filename, bytes);
  return c.json({ ok: true, filename, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
};

/** GET /api/recordings/download/<f>: the stored bytes as an attachment. */
export const downloadFile: EditorHandler = ({ c, params, state }) => {
  const bytes = state.files.get(params.f ?? '');
  if (!bytes) return c.json({ error: 'File not found' }, 404);
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename=${params.f}`,
    },
  });
};
