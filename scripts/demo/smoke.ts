/** `npm run demo -- --check`: proves the running demo works end to end through the overlay. */
import { SEED } from '../../test/harness/seed.ts';

type Seeded = (typeof SEED.users)[number]['username'];

const password = (username: Seeded) => SEED.users.find((u) => u.username === username)!.password;

interface Check {
  name: string;
  run(): Promise<string | null>;
} // null = pass, else why it failed

/** Signs in with the login form like a browser would; returns the session cookie, or the HTTP status. */
async function signIn(base: string, username: Seeded): Promise<{ cookie: string } | { status: number }> {
  const res = await fetch(`${base}/_overlay/login`, {
    method: 'POST',
    redirect: 'manual',
    // The overlay refuses cross-site form posts, so say we come from its own origin.
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: password(username), next: '/' }),
  });
  await res.body?.cancel();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return res.status === 302 && cookie ? { cookie } : { status: res.status };
}

/** Sidebar buttons: the editor renders one per tab the signed-in role may see. */
const tabCount = (html: string) => html.match(/class="sidebar-item/g)?.length ?? 0;

async function get(base: string, path: string, cookie: string) {
  const res = await fetch(`${base}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

function checks(base: string): Check[] {
  const sessions = new Map<Seeded, Promise<string>>();
  // One sign-in per user, shared by that user's checks.
  const session = (username: Seeded) => {
    if (!sessions.has(username)) {
      sessions.set(
        username,
        signIn(base, username).then((r) => {
          if ('cookie' in r) return r.cookie;
          throw new Error(`sign-in as ${username} answered ${r.status}, expected 302 with a session cookie`);
        }),
      );
    }
    return sessions.get(username)!;
  };
  const expect = (cond: boolean, why: string) => (cond ? null : why);
  return [
    {
      name: 'demo-admin signs in; GET / is the full console (id="sidebar", every tab)',
      async run() {
        const r = await get(base, '/', await session('demo-admin'));
        const tabs = tabCount(r.body);
        return expect(r.status === 200 && r.body.includes('id="sidebar"') && tabs > 1, `status ${r.status}, ${tabs} tab(s)`);
      },
    },
    {
      name: 'demo-viewer signs in; GET / is the console with only Active Streams',
      async run() {
        const r = await get(base, '/', await session('demo-viewer'));
        const tabs = tabCount(r.body);
        return expect(r.status === 200 && r.body.includes('id="sidebar"') && tabs === 1, `status ${r.status}, ${tabs} tab(s)`);
      },
    },
    {
      name: 'demo-viewer GET /api/streams answers 200 JSON with a streams array',
      async run() {
        const r = await get(base, '/api/streams', await session('demo-viewer'));
        let streams: unknown;
        try {
          streams = (JSON.parse(r.body) as { streams?: unknown }).streams;
        } catch {
          /* reported below */
        }
        return expect(r.status === 200 && Array.isArray(streams), `status ${r.status}, body ${r.body.slice(0, 200)}`);
      },
    },
    {
      name: 'demo-viewer GET /get_yaml is refused with 403',
      async run() {
        const r = await get(base, '/get_yaml', await session('demo-viewer'));
        return expect(r.status === 403, `status ${r.status}`);
      },
    },
    {
      name: 'carol (no vid_ group) gets the 403 "No stream access" page',
      async run() {
        const r = await get(base, '/', await session('carol'));
        return expect(r.status === 403 && r.body.includes('No stream access'), `status ${r.status}`);
      },
    },
    {
      name: 'dave (disabled) cannot sign in',
      async run() {
        const r = await signIn(base, 'dave');
        return expect('status' in r && r.status === 401, 'cookie' in r ? 'got a session' : `status ${r.status}`);
      },
    },
  ];
}

/** Runs every check (even after a failure, so CI shows the whole picture); true when all pass. */
export async function runSmokeTest(base: string): Promise<boolean> {
  let passed = 0;
  const list = checks(base);
  for (const check of list) {
    let failure: string | null;
    try {
      failure = await check.run();
    } catch (error) {
      failure = (error as Error).message;
    }
    if (failure === null) passed++;
    console.log(failure === null ? `PASS  ${check.name}` : `FAIL  ${check.name}: ${failure}`);
  }
  console.log(`${passed}/${list.length} checks passed`);
  return passed === list.length;
}
