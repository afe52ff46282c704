import { isLoginRedirect } from '../proxy/headers.ts';
import { EditorLoginError, type UpstreamRole } from '../upstream/sessions.ts';
import { fail, pass, statusOf } from './results.ts';
import type { Check, CheckContext, CheckResult } from './types.ts';

/**
 * An `admin_required` route of the editor (v2.0.8) that only reads a flag: the admin account gets
 * its answer, the viewer account a redirect to `/?message=Access denied...`.
 */
const ADMIN_ONLY_EDITOR_ROUTE = '/api/webeditor/registration/status';

const editorAnswers: Check = {
  id: 'editor',
  title: 'Editor answers',
  fix: 'Start the vanilla editor, and check that EDITOR_URL is its address.',
  async run({ config, signal }) {
    const response = await statusOf(`${config.editorUrl}/login`, { signal });
    if (response.status >= 500) return fail(`${config.editorUrl}/login answered ${response.status}`, this.fix);
    return pass(`${config.editorUrl} answered ${response.status}`);
  },
};

type Reach = 'allowed' | 'denied' | 'signed-out' | 'other';

async function reachAdminRoute(ctx: CheckContext, cookie: string): Promise<{ reach: Reach; status: number }> {
  const { editorUrl } = ctx.config;
  const response = await statusOf(`${editorUrl}${ADMIN_ONLY_EDITOR_ROUTE}`, { headers: { cookie }, signal: ctx.signal });
  const { status } = response;
  const location = response.headers.get('location') ?? undefined;
  if (status >= 200 && status < 300) return { reach: 'allowed', status };
  if (isLoginRedirect(status, location, new URL(editorUrl).origin)) return { reach: 'signed-out', status };
  return { reach: status >= 300 && status < 400 ? 'denied' : 'other', status };
}

function editorAccountCheck(role: UpstreamRole): Check {
  const variable = role === 'admin' ? 'EDITOR_ADMIN' : 'EDITOR_VIEWER';
  const other = role === 'admin' ? 'viewer' : 'admin';
  const roleFix = (account: string) =>
    `Give ${account} the ${role} role in the editor's own user list (its Web Users tab, opened on the editor itself, or users.json).` +
    (role === 'viewer' ? " The overlay sends every viewer's requests with this account, so it must not hold admin rights." : '');
  return {
    id: `editor-${role}`,
    title: `Editor ${role} account (${variable}_USER) logs in with the ${role} role`,
    requires: 'editor',
    skipWhen: (config) => (config.editorAccounts ? null : 'vanilla mode: the overlay does not log in to the editor'),
    fix: `Check ${variable}_USER and ${variable}_PASSWORD, and that the account exists in the editor with the ${role} role.`,
    async run(ctx): Promise<CheckResult> {
      const account = ctx.config.editorAccounts![role].username;
      let cookie: string;
      try {
        cookie = await ctx.editorCookie(role);
      } catch (error) {
        if (!(error instanceof EditorLoginError)) throw error;
        return fail(`the editor refused ${variable}_USER=${account} (wrong password, or no such account)`, this.fix);
      }
      const { reach, status } = await reachAdminRoute(ctx, cookie);
      const route = `admin-only ${ADMIN_ONLY_EDITOR_ROUTE}`;
      if (reach === 'signed-out') return fail(`${account} logged in, but the editor sent its session back to /login`, this.fix);
      if (reach === 'other') return fail(`${ADMIN_ONLY_EDITOR_ROUTE} answered ${status} for ${account}`, this.fix);
      const expected = role === 'admin' ? 'allowed' : 'denied';
      if (reach !== expected)
        return fail(`${account} logs in but has the ${other} role (${route} ${reach === 'allowed' ? 'answered' : 'refused'} it)`, roleFix(account));
      return pass(`${account} logs in, and ${route} ${reach === 'allowed' ? 'answers' : 'refuses'} it`);
    },
  };
}

export const EDITOR_CHECKS: readonly Check[] = [editorAnswers, editorAccountCheck('admin'), editorAccountCheck('viewer')];
