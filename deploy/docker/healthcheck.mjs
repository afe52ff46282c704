// The image's health check (Dockerfile HEALTHCHECK, docker-compose.yml): healthy while GET /healthz
// answers 200. 503 means /healthz found a dependency degraded (editor, directory, store); `docker
// inspect` then shows why. node:22-slim has no curl, so this is Node's own fetch.
const url = `http://127.0.0.1:${process.env.PORT || '8080'}/healthz`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  const body = await response.text();
  if (response.status !== 200) console.log(`${url} answered ${response.status}: ${body}`);
  process.exit(response.status === 200 ? 0 : 1);
} catch (error) {
  console.log(`${url} did not answer: ${error.message}`);
  process.exit(1);
}
