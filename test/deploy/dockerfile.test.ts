/**
 * The Dockerfile without a Docker engine: its stages read as the issue asks, the runtime stage holds
 * every file and package server/main.ts loads (production dependencies only), and the health check
 * script answers as Docker expects.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE_PATH } from '../../server/ui/bundle.ts';
import { readRepoFile, ROOT } from './tools.ts';

interface Instruction {
  op: string;
  args: string;
}

/** Instructions per stage; continuation lines joined, comments dropped. */
function stages(): Instruction[][] {
  const lines = readRepoFile('Dockerfile')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const result: Instruction[][] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    if (op!.toUpperCase() === 'FROM') result.push([]);
    result.at(-1)!.push({ op: op!.toUpperCase(), args: args! });
  }
  return result;
}

const argsOf = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op).map((i) => i.args);
const pkg = JSON.parse(readRepoFile('package.json')) as { dependencies: Record<string, string>; scripts: Record<string, string> };

/**
 * Every module server/main.ts loads at run time, following relative imports: the local files and the
 * packages. `import type` and `export type` are erased by type stripping, so they load nothing.
 */
function runtimeClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(ROOT, entry)];
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  while (pending.length) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const match of readRepoFile(relative(ROOT, file)).matchAll(pattern)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  }
  return { files, packages };
}

describe('Dockerfile', () => {
  it('builds the UI bundle in a full node:22-slim stage and copies only its output', () => {
    const [build, runtime, ...more] = stages();
    expect(more).toEqual([]);
    expect(build![0]!.args).toBe('node:22-slim AS build');
    expect(argsOf(build!, 'RUN')).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    expect(runtime![0]!.args).toBe('node:22-slim');
    expect(argsOf(runtime!, 'COPY')).toContain('--from=build /app/overlay-ui/dist ./overlay-ui/dist');
    expect(relative(ROOT, DEFAULT_BUNDLE_PATH)).toBe('overlay-ui/dist/overlay.js');
  });

  it("installs production dependencies only and uses the base image's Node, which must strip types", () => {
    const runtime = stages()[1]!;
    const runs = argsOf(runtime, 'RUN');
    expect(runs).toContain('npm ci --omit=dev --no-audit --no-fund && npm cache clean --force');
    expect(runs.some((r) => r.includes('process.features.typescript'))).toBe(true);
  });

  it("runs as a non-root user, with a data volume, a health check and `npm start`'s command", () => {
    const runtime = stages()[1]!;
    const user = argsOf(runtime, 'USER').at(-1);
    expect(user).toBe('node');
    const env = argsOf(runtime, 'ENV').join(' ');
    const dataDir = /DATA_DIR=(\S+)/.exec(env)?.[1];
    expect(dataDir).toBe('/data');
    expect(argsOf(runtime, 'VOLUME')).toEqual([`["${dataDir}"]`]);
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    expect(argsOf(runtime, 'HEALTHCHECK')).toHaveLength(1);
    const cmd = JSON.parse(argsOf(runtime, 'CMD').at(-1)!) as string[];
    expect(cmd.join(' ')).toBe(pkg.scripts.start);
  });

  it('copies every file server/main.ts loads, and every package it loads is a production dependency', () => {
    const runtime = stages()[1]!;
    const copied = argsOf(runtime, 'COPY')
      .filter((a) => !a.startsWith('--from'))
      .map((a) => a.split(/\s+/)[0]!);
    for (const source of copied) expect(existsSync(resolve(ROOT, source)), source).toBe(true);
    const { files, packages } = runtimeClosure('server/main.ts');
    expect(files.size).toBeGreaterThan(20);
    const outside = [...files].map((f) => relative(ROOT, f)).filter((f) => !copied.some((c) => f === c || f.startsWith(`${c}/`)));
    expect(outside).toEqual([]);
    const builtins = new Set(builtinModules);
    const missing = [...packages].filter((p) => !p.startsWith('node:') && !builtins.has(p) && !(p in pkg.dependencies));
    expect(missing).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output, state, test output, git and secrets out of the build context', () => {
    const entries = readRepoFile('.dockerignore')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(entries).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', 'data', 'test-results', '.git', '.env']));
  });
});

describe('deploy/docker/healthcheck.mjs', () => {
  let server: Server;
  let status = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? status : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: status === 200 ? 'ok' : 'degraded' }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  function check(port: number): Promise<number | null> {
    const child = spawn(process.execPath, ['deploy/docker/healthcheck.mjs'], { cwd: ROOT, env: { PORT: String(port) }, stdio: 'ignore' });
    return new Promise((done) => child.once('exit', (code) => done(code)));
  }

  it('is healthy on 200 from /healthz, unhealthy on 503 and when nothing answers', async () => {
    const { port } = server.address() as AddressInfo;
    status = 200;
    expect(await check(port)).toBe(0);
    status = 503;
    expect(await check(port)).toBe(1);
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    expect(await check(closedPort)).toBe(1);
  });
});
