# quarkpulse: network and printer monitoring daemon.
# Stage 1 builds (TypeScript → dist/) with the dev dependencies; stage 2 is the runtime: production
# dependencies, the build and the bundled config only, running as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src src
COPY mibs mibs
COPY bench bench
COPY bin bin
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
# ping for the ICMP probe (the `ping` package runs the system ping; addresses are validated first).
RUN apt-get update && apt-get install -y --no-install-recommends iputils-ping && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY bin bin
COPY config config
COPY dashboards dashboards
# Alert state and config backups (data paths are relative to the working directory).
RUN mkdir -p /app/data && chown node /app/data
VOLUME /app/data
USER node
EXPOSE 9877
# /-/healthy answers while the process serves HTTP (a worker only with --listen). QP_HEALTH_URL
# points elsewhere when --listen uses another port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "bin/healthcheck.js"]
ENTRYPOINT ["node", "--no-memory-reducer", "bin/quarkpulse.js"]
CMD ["run", "--config", "config/quarkpulse.yml", "--listen", "0.0.0.0:9877"]
