# syntax=docker/dockerfile:1.20
# 1.20: the first stable Dockerfile syntax with COPY --parents (labs only before).
#
# The image of every service. The build argument SERVICE names the service's
# directory under services/; the target is the kind of service it is:
#
#   service    serves HTTP only (producer); the default target
#   consumer   consumes streams (feature-engine, inference, alerting): adds the
#              JVM and the KCL jars that Kinesis consumption runs, and tini
#   sagemaker  the model endpoint, also a SageMaker bring-your-own container:
#              adds the ONNX model, health on /ping
#
#   docker build --build-arg SERVICE=inference --target consumer -t fraud/inference .
#
# It sits at the repository root, the context every image builds from (the
# workspaces a service compiles with live there), next to the .dockerignore
# that shapes it; under deploy/ it would fall in what the CDK's image assets
# leave out of that context. docker-compose.yml and deploy/ point here. Which
# workspaces a service needs is read from the package.json files, not listed
# here: a new service is a build argument, a new package no edit at all.

# The service to build, a directory of services/. No default: a build names one.
ARG SERVICE

# The npm workspaces the service runs with, manifests only: the install
# layers below are rebuilt only when a manifest or the lockfile changes.
# Every workspace's manifest is copied, then the workspaces the service does
# not depend on (`dependencies`, transitively) are removed: `npm ci
# --workspace` alone would also install those named in devDependencies
# (@fraud/testing) and their dependencies.
FROM node:24-bookworm-slim AS manifests
ARG SERVICE
WORKDIR /app
COPY --parents package.json package-lock.json packages/*/package.json services/*/package.json ./
COPY scripts/docker/keep-runtime-workspaces.mjs /usr/local/lib/
RUN node /usr/local/lib/keep-runtime-workspaces.mjs "services/${SERVICE}"

# Production dependencies of the service and its workspaces. No dependency
# needs its install script (the root package.json denies them all).
# onnxruntime-node (the model endpoint's) ships its CPU binaries in the
# package for every operating system: the others' are dropped (about 220 MB).
FROM manifests AS deps
ARG SERVICE
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --workspace="services/${SERVICE}" --ignore-scripts --no-audit --no-fund \
    && rm -rf node_modules/onnxruntime-node/bin/napi-v6/darwin node_modules/onnxruntime-node/bin/napi-v6/win32

# Compiles the service and the workspaces it references with the root's
# TypeScript. Every source is sent: `tsc -b` compiles only the projects the
# service references, and only they get a dist/ (the context holds none).
FROM manifests AS build
ARG SERVICE
RUN --mount=type=cache,target=/root/.npm \
    npm ci --workspace="services/${SERVICE}" --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY packages/ packages/
COPY services/ services/
RUN npx tsc -b "services/${SERVICE}" \
    && mkdir /out \
    && find packages services -mindepth 2 -maxdepth 2 -name dist -exec cp -r --parents {} /out \;

# The KCL MultiLangDaemon (Kinesis consumption), resolved from the pom that
# `npm run setup` resolves, by the same script.
FROM maven:3.9-eclipse-temurin-21 AS kcl-jars
WORKDIR /app
COPY scripts/setup/maven-jars.sh scripts/setup/
COPY packages/transport/kcl/pom.xml packages/transport/kcl/
RUN --mount=type=cache,target=/root/.m2 \
    bash scripts/setup/maven-jars.sh kcl-jars packages/transport/kcl/pom.xml 'amazon-kinesis-client-multilang-*.jar'

# tini for the consumers, installed in a stage of its own: the consumer
# image copies the binary, so it runs no apt-get after the service's layers.
FROM node:24-bookworm-slim AS tini
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*

# What every service's image holds, laid out as in the repository under /app.
# glibc (Debian), not musl: onnxruntime-node's prebuilt binaries need it.
FROM node:24-bookworm-slim AS runtime
ARG SERVICE
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 HTTP_PORT=8080
WORKDIR /app
COPY --from=deps /app ./
COPY --from=build /out ./
# The committed model manifest (10 KB), where MODEL_MANIFEST_PATH points by
# default: in every image, so that no service needs a list of its own.
COPY model/artifacts/model-manifest.json model/artifacts/
# The service's directory: the entry points below are then the same for every
# service (an exec-form ENTRYPOINT expands no build argument).
WORKDIR /app/services/${SERVICE}
USER node
EXPOSE 8080
STOPSIGNAL SIGTERM

# A stream consumer. On Kinesis it runs the KCL MultiLangDaemon, a JVM that
# starts one Node record processor per shard. --link keeps these layers
# independent of the service's below them: a change to the service reuses
# them instead of rebuilding and pushing them again.
FROM runtime AS consumer
# tini as PID 1 reaps the KCL record processors the daemon leaves behind when it restarts.
COPY --link --from=tini /usr/bin/tini /usr/bin/tini
# The daemon's JVM (java and keytool), found through JAVA_HOME.
COPY --link --from=eclipse-temurin:21-jre /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=$JAVA_HOME/bin:$PATH
# Where @fraud/transport looks for them (DEFAULT_KCL_JARS_DIR).
COPY --link --from=kcl-jars /app/packages/transport/kcl/jars /app/packages/transport/kcl/jars
# HTTP answers once the consumer has started: on Kinesis the KCL daemon needs up to 90 s.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--", "node", "dist/main.js"]

# The model endpoint: the fraud model (ONNX) behind the SageMaker hosting
# contract, for local runs and as a SageMaker bring-your-own container. It
# serves /ping and /invocations on 8080; SageMaker's `docker run <image> serve`
# passes `serve` to the entry point, which accepts it.
FROM runtime AS sagemaker
# The committed model, where MODEL_PATH points by default.
COPY model/artifacts/model.onnx /app/model/artifacts/
# /ping answers once the model is loaded, as SageMaker's health check expects.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]

# A service that serves HTTP only (the producer: the ingest API, or the
# simulator with `simulate [options]`). Last, so that a build without
# --target builds it.
FROM runtime AS service
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
