/**
 * The docs a newcomer follows: README.md stays short and opens with what the project is and its two
 * commands; every relative link in it and in docs/ leads to a file and heading that exist; the HTTP
 * API reference names every route the app registers; the systemd steps build as the Dockerfile does.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config/index.ts';
import { createLogger } from '../../server/log.ts';
import { closeDirectoryServices, createDirectoryServices } from '../../server/services.ts';
import { readRepoFile, ROOT } from './tools.ts';

const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Prose only: fenced blocks and code spans hold commands and paths, not links. */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`]*`/g, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count ? `${base}-${count}` : base);
  }
  return result;
}

describe('README.md', () => {
  const readme = readRepoFile('README.md');

  it('is at most 150 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
  });

  it('opens with what the project is, then the two set-up commands: the demo and the tests', () => {
    const [title, ...rest] = readme.split('\n');
    expect(title).toBe('# mediamtx-ldap-overlay');
    const beforeFirstSection = rest.join('\n').split(/^## /m)[0]!;
    expect(beforeFirstSection).toMatch(/vanilla MediaMTX web editor/);
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(beforeFirstSection)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm ci && npm run demo\b/m);
    expect(firstBlock).toMatch(/^npm ci && npm test\b/m);
  });
});

describe('links in README.md and docs/', () => {
  it.each(DOCS)('%s: every relative link names a file that exists, and a heading that exists there', (doc) => {
    const broken: string[] = [];
    for (const [, target] of prose(readRepoFile(doc)).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue;
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const file = path ? normalize(join(dirname(doc), decodeURIComponent(path))) : doc;
      if (file.startsWith('..') || !existsSync(join(ROOT, file))) {
        broken.push(`${target}: no file ${file}`);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md') && !anchors(readRepoFile(file)).has(anchor)) {
        broken.push(`${target}: no heading #${anchor} in ${file}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('computes anchors as GitHub does', () => {
    expect([...anchors('# JWT mode (`MEDIAMTX_AUTH=jwt`)\n## Health: `GET /healthz`\n## A\n## A\n```\n# not a heading\n```')]).toEqual([
      'jwt-mode-mediamtx_authjwt',
      'health-get-healthz',
      'a',
      'a-1',
    ]);
  });
});

describe('docs/http-api.md', () => {
  it('lists every route the app registers, in both identity modes and JWT mode, and no /_overlay/api call it does not', async () => {
    const registered = new Set<string>();
    for (const identity of ['forward-auth', 'ldap-login']) {
      const dataDir = await mkdtemp(join(tmpdir(), 'overlay-routes-'));
      const config = loadConfig({
        LDAP_URL: 'ldap://127.0.0.1:9',
        LDAP_BIND_DN: 'cn=svc,ou=users,dc=example,dc=org',
        LDAP_BIND_PASSWORD: 'unused',
        IDENTITY: identity,
        PROXY_SECRET: 'p'.repeat(32),
        MEDIAMTX_AUTH: 'jwt',
        MEDIAMTX_API_URL: 'http://127.0.0.1:9',
        REVOCATION_INTERVAL: '0',
        EDITOR_URL: 'http://127.0.0.1:9',
        EDITOR_ADMIN_USER: 'a',
        EDITOR_ADMIN_PASSWORD: 'a',
        EDITOR_VIEWER_USER: 'v',
        EDITOR_VIEWER_PASSWORD: 'v',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
      });
      const log = createLogger('silent');
      const services = await createDirectoryServices(config, log);
      try {
        const overlay = createApp({ config, log, services });
        // Middleware (app.use) is registered as ALL; the catch-all forward to the editor is not the overlay's own.
        for (const route of overlay.app.routes) if (route.method !== 'ALL') registered.add(`${route.method} ${route.path}`);
        for (const route of overlay.rawRoutes) registered.add(`${route.method} ${route.path}`);
      } finally {
        await closeDirectoryServices(services);
        await rm(dataDir, { recursive: true, force: true });
      }
    }
    expect(registered.size).toBeGreaterThan(30);
    const doc = readRepoFile('docs/http-api.md');
    const missing = [...registered].filter((route) => !doc.includes(`\`${route}\``) && !doc.includes(`\`${route}?`));
    expect(missing).toEqual([]);
    const listed = [...doc.matchAll(/`(GET|POST|PUT|DELETE) (\/_overlay\/api\/[^`?\s]*)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(listed.filter((route) => !registered.has(route))).toEqual([]);
  });
});

describe('docs/operations.md', () => {
  it("installs and updates a systemd host with the Dockerfile's build commands, and README.md says the same", () => {
    const dockerfile = readRepoFile('Dockerfile').split(/^FROM /m)[1]!;
    const build = [...dockerfile.matchAll(/^RUN (.+)$/gm)].map((m) => m[1]!.trim());
    expect(build).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    const blocks = [...readRepoFile('docs/operations.md').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const systemd = blocks.filter((b) => b.includes('systemctl') && b.includes('git '));
    expect(systemd).toHaveLength(2); // install and update
    for (const block of systemd) {
      const commands = block.split('\n').map((l) => l.replace(/^sudo /, '').trim());
      const at = build.map((command) => commands.indexOf(command));
      expect(
        at.every((i) => i >= 0),
        block,
      ).toBe(true);
      expect(at).toEqual([...at].sort((a, b) => a - b));
    }
    expect(readRepoFile('README.md')).toContain('`npm ci && npm run build`');
  });
});
