# quarkpulse: network and printer monitoring daemon.
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
# Alert state and config backups (data paths are relative to the working directory).
RUN mkdir -p /app/data && chown node /app/data
VOLUME /app/data
USER node
EXPOSE 9877
ENTRYPOINT ["node", "--no-memory-reducer", "bin/quarkpulse.js"]
CMD ["run", "--config", "config/quarkpulse.yml", "--listen", "0.0.0.0:9877"]
