// An experiment, not the product: POST /auth/mediamtx served by plain node:http around the
// overlay's own services (the same authenticate(), metrics, decision log and session registry as
// server/mediamtx-auth/endpoint.ts), without Hono, the web Request or web streams. bench/auth-raw.ts runs it
// beside the real overlay (same env, directory and store) to measure what that HTTP layer costs.
// Prints "PORT <n>" once listening; stops on SIGTERM or when its stdin closes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthRequest } from '../server/mediamtx-auth/request.ts';
import { loadConfig } from '../server/config/index.ts';
import { createLogger } from '../server/log.ts';
import { closeDirectoryServices, createDirectoryServices } from '../server/services.ts';

const MAX_BODY = 32 * 1024;
const config = loadConfig();
const services = await createDirectoryServices(config, createLogger(config.logLevel));
const { auth, revoke } = services;

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/auth/mediamtx') return void res.writeHead(404).end();
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return void res.writeHead(400).end();
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on('end', async () => {
    if (size > MAX_BODY) return void res.writeHead(413).end();
    const started = performance.now();
    let request;
    try {
      request = parseAuthRequest(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      return void res.writeHead(400).end();
    }
    const decision = await auth.authenticate(request);
    auth.metrics.observe(request.action, decision, (performance.now() - started) / 1000);
    auth.decisions.record(request, decision, Date.now());
    revoke.record(request, decision);
    res.writeHead(decision.allow ? 204 : 401).end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`));

const stop = async () => {
  server.close();
  server.closeAllConnections();
  await closeDirectoryServices(services);
  process.exit(0);
};
process.stdin.resume().once('end', () => void stop());
process.once('SIGTERM', () => void stop());
