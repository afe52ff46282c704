# The overlay as an image. Node 22 runs the TypeScript as it is (type stripping), so the only build
# output is the console bundle, overlay-ui/dist (`npm run build`, as on a systemd host). See
# docs/operations.md; docker-compose.yml uses it.

# Build stage: every dependency, for vite and the overlay-ui bundle.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY overlay-ui ./overlay-ui
RUN npm run build

# Runtime stage: production dependencies and Node from the base image (not the `node` devDependency).
FROM node:22-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Running .ts without a flag needs Node 22.18 or later: fail the build, not the first start.
RUN node -e "if (!process.features.typescript) { console.error('Node ' + process.version + ' cannot strip TypeScript types; use a node:22 image of 22.18 or later'); process.exit(1); }"
COPY server ./server
COPY deploy/docker/healthcheck.mjs ./deploy/docker/healthcheck.mjs
COPY --from=build /app/overlay-ui/dist ./overlay-ui/dist
# The code stays root's and read-only; the overlay (user node) writes only its data directory.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD ["node", "deploy/docker/healthcheck.mjs"]
# Node itself as PID 1 (not npm), so SIGTERM reaches the overlay's shutdown handler.
CMD ["node", "--disable-warning=ExperimentalWarning", "server/main.ts"]
