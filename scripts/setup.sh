#!/usr/bin/env bash
# Prepares a fresh machine (or does nothing when all is in place): npm
# dependencies, the Kafka jars, the Python virtualenv for moto, redis-server.
# Idempotent; `npm test` and `npm run demo` call it first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

bash "$here/with-node.sh" bash "$here/setup/node-modules.sh"
if [ "${INFRA:-}" = "containers" ]; then
  echo "setup: INFRA=containers, skipping the local infrastructure (Kafka jars, moto, redis-server)"
  exit 0
fi
bash "$here/setup/redis.sh"
bash "$here/setup/maven-jars.sh" kafka-jars packages/testing/kafka/pom.xml 'kafka_2.13-*.jar'
bash "$here/setup/maven-jars.sh" kcl-jars packages/transport/kcl/pom.xml 'amazon-kinesis-client-multilang-*.jar'
bash "$here/setup/kcl-class-archive.sh"
bash "$here/setup/python-venv.sh"
