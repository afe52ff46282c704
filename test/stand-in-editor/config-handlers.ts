/**
 * The editor's routes that rewrite mediamtx.yml, as far as the overlay's activity log needs them:
 * a save changes what GET /get_yaml serves next, and a save can fail the way the real one does.
 * (Behaviour from the real editor 2.0.8, written anew; none of its code.)
 */
import { parse, stringify } from 'yaml';
import { redirect } from './auth-handlers.ts';
import type { EditorHandler, EditorState } from './editor-types.ts';

/** MediaMTX's sample file lays list items out at their key's column; the editor's text edits assume it. */
export const SAMPLE_LAYOUT = { indentSeq: false } as const;

type InternalUser = { user: string; pass: string; ips: string[]; permissions: Array<{ action: string; path?: string }> };

/** POST /save_yaml, form `yaml_content`: YAML that does not parse is refused with a redirect that says why (message_type=danger). */
export const saveYaml: EditorHandler = async ({ c, state }) => {
  const form = await c.req.parseBody();
  const content = typeof form.yaml_content === 'string' ? form.yaml_content : null;
  const tab = typeof form.current_tab === 'string' ? form.current_tab : 'advanced';
  try {
    // No field at all fails the real editor's parse too (it reads None).
    if (content === null) throw new Error('no yaml_content');
    parse(content);
  } catch (error) {
    // Like the real editor, the parser's message (which may quote a line of the file) goes into the redirect.
    return redirect(c, `/?message=Invalid YAML syntax: ${(error as Error).message.split('\n')[0]}&message_type=danger&tab=${tab}`);
  }
  state.config = content;
  return redirect(c, `/?message=YAML saved successfully&message_type=success&tab=${tab}`);
};

/** POST /api/mediamtx/users/add {username, password, permissions, groupName}. */
export const addMediamtxUser: EditorHandler = async ({ c, state }) => {
  const body = await jsonBody(c);
  const username = String(body.username ?? '').trim();
  const permissions = Array.isArray(body.permissions) ? body.permissions.map(String) : [];
  if (!username) return c.json({ success: false, error: 'Username required' }, 400);
  if (permissions.length === 0) return c.json({ success: false, error: 'At least one permission required' }, 400);
  let users: InternalUser[];
  try {
    users = ((parse(state.config) ?? {}) as { authInternalUsers?: InternalUser[] }).authInternalUsers ?? [];
  } catch {
    return c.json({ success: false, error: 'Failed to load config' }, 500);
  }
  for (const user of users.filter((u) => u.user === username)) {
    if (username !== 'any') return c.json({ success: false, error: 'Username already exists' }, 400);
    if ((user.ips ?? []).length === 0) return c.json({ success: false, error: 'Username already exists with no IP restriction' }, 400);
  }
  // The real editor writes the user as text above the first line that names authHTTPAddress, at
  // column 0 (MediaMTX's sample layout): a file without that line gets nothing, yet the answer is
  // success; a file whose list is indented comes out as YAML that does not parse.
  const groupName = String(body.groupName ?? '').trim();
  const password = String(body.password ?? '').trim();
  const text = [
    ...(groupName ? [`# ${groupName}`] : []),
    `- user: ${username}`,
    `  pass: ${password ? `"${password}"` : "''"}`,
    '  ips: []',
    '  permissions:',
    ...permissions.map((action: string) => `  - action: ${action}`),
    '',
  ].join('\n');
  const lines = state.config.split(/(?<=\n)/);
  const at = lines.findIndex((line) => line.includes('authHTTPAddress:'));
  if (at !== -1) state.config = [...lines.slice(0, at), text, ...lines.slice(at)].join('');
  if (groupName) state.groupNames[username] = groupName;
  return c.json({ success: true });
};

/** POST /api/mediamtx/users/update {oldUsername, username, password, permissions}. */
export const updateMediamtxUser: EditorHandler = async ({ c, state }) => {
  const body = await jsonBody(c);
  const username = String(body.username ?? '').trim();
  const permissions = Array.isArray(body.permissions) ? body.permissions.map(String) : [];
  if (!username) return c.json({ success: false, error: 'Username required' }, 400);
  if (permissions.length === 0) return c.json({ success: false, error: 'At least one permission required' }, 400);
  return changeUsers(
    state,
    (users) => {
      const user = users.find((u) => u.user === String(body.oldUsername ?? '').trim());
      if (!user) return { error: 'User not found', status: 404 };
      Object.assign(user, { user: username, pass: String(body.password ?? '').trim(), permissions: permissions.map((action: string) => ({ action })) });
      return null;
    },
    c,
  );
};

/** POST /api/mediamtx/users/revoke {username, ips}: an `any` user is told apart by its `ips`, and the one for 127.0.0.1 stays. */
export const revokeMediamtxUser: EditorHandler = async ({ c, state }) => {
  const body = await jsonBody(c);
  const username = String(body.username ?? '');
  const ips = Array.isArray(body.ips) ? body.ips.map(String) : [];
  if (username === 'any' && ips.includes('127.0.0.1')) {
    return c.json({ success: false, error: 'Cannot delete localhost exemption (required for FFmpeg)' }, 400);
  }
  const sameIps = (user: InternalUser) => JSON.stringify(user.ips ?? []) === JSON.stringify(ips);
  return changeUsers(
    state,
    (users) => {
      const at = users.findIndex((u) => u.user === username && (username !== 'any' || sameIps(u)));
      if (at === -1) return { error: 'User not found', status: 404 };
      users.splice(at, 1);
      return null;
    },
    c,
  );
};

async function jsonBody(c: Parameters<EditorHandler>[0]['c']): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json().catch(() => ({}));
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

function changeUsers(
  state: EditorState,
  change: (users: InternalUser[]) => { error: string; status: 400 | 404 } | null,
  c: Parameters<EditorHandler>[0]['c'],
): Response {
  const config = (parse(state.config) ?? {}) as { authInternalUsers?: InternalUser[] };
  config.authInternalUsers ??= [];
  const refused = change(config.authInternalUsers);
  if (refused) return c.json({ success: false, error: refused.error }, refused.status);
  // Rewritten whole (the real editor dumps it with ruamel, which keeps the layout: list items at the key's column).
  state.config = stringify(config, SAMPLE_LAYOUT);
  return c.json({ success: true });
}

/** GET /api/mediamtx/users as the editor reads it: from the file as it is now. */
export function internalUsersNow(state: EditorState): InternalUser[] {
  try {
    return ((parse(state.config) ?? {}) as { authInternalUsers?: InternalUser[] }).authInternalUsers ?? [];
  } catch {
    return [];
  }
}
