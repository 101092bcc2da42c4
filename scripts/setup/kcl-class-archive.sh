#!/usr/bin/env bash
# Dumps a class-data-sharing archive of the classes a KCL MultiLangDaemon
# loads (packages/transport/kcl/classes.lst) into the KCL jars dir, which the
# Kinesis consumer then passes to the daemon's JVM (kcl-daemon.ts): a daemon
# starts on about 2 CPU-seconds instead of 3, and tests start dozens.
# Idempotent: dumps only when the archive is missing or older than the list or
# the jars. Without the archive (or with one the JVM refuses: another JDK, the
# repo moved) the daemon runs as before, only slower to start.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
kcl="$root/packages/transport/kcl"
jars="$kcl/jars"
archive="$jars/classes.jsa"
stamp="$jars/.pom.sha256"

if [ -f "$archive" ] && [ "$archive" -nt "$kcl/classes.lst" ] && [ "$archive" -nt "$stamp" ]; then
  echo "kcl-class-archive: ${archive#"$root/"} is up to date"
  exit 0
fi
rm -f "$archive"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# The class path exactly as the consumer passes it (`<jars dir>/*`), or the JVM ignores the archive.
if ! java -Xshare:dump -XX:SharedClassListFile="$kcl/classes.lst" -XX:SharedArchiveFile="$archive" \
  -cp "$jars/*" >"$log" 2>&1; then
  rm -f "$archive"
  echo "kcl-class-archive: could not dump the archive (the daemon starts without it):" >&2
  tail -n 20 "$log" >&2
  exit 0
fi
echo "kcl-class-archive: dumped ${archive#"$root/"}"
