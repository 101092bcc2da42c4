#!/usr/bin/env bash
# Resolves the runtime jars of a checked-in pom from Maven Central into a
# `jars/` directory beside it, for a Java process we put on the classpath
# ourselves (the local Kafka broker, the KCL MultiLangDaemon).
# Idempotent: Maven runs only when the jars are missing or the pom changed
# since the last successful resolve, which a sha256 stamp inside the jars dir
# records (so deleting the dir starts over).
#
# Usage: maven-jars.sh <label> <pom path from the repo root> <glob of a jar that must be there>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
label="$1"
pom="$root/$2"
marker="$3"
jars="$(dirname "$pom")/jars"
stamp="$jars/.pom.sha256"

fail() {
  echo "$label: $*" >&2
  exit 1
}

command -v java >/dev/null 2>&1 ||
  fail "java (17 or newer) is required and not on PATH; on Debian or Ubuntu run: sudo apt-get install openjdk-17-jre-headless"
# `java -version` prints e.g. 'openjdk version "17.0.15" ...' or, before 9, "1.8.0_392".
java_version="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
java_major="${java_version%%.*}"
[ "$java_major" = 1 ] && java_major="$(echo "$java_version" | cut -d. -f2)"
case "$java_major" in
  '' | *[!0-9]*) fail "could not read the Java version from: $(java -version 2>&1 | head -n 1)" ;;
esac
# Kafka 4 needs 17; the KCL would run on 8, but one JDK serves both.
[ "$java_major" -ge 17 ] || fail "Java 17 or newer is required; found $java_version"
command -v mvn >/dev/null 2>&1 ||
  fail "mvn (Apache Maven) is required and not on PATH; on Debian or Ubuntu run: sudo apt-get install maven"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
wanted="$(sha256 "$pom")"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && compgen -G "$jars/$marker" >/dev/null; then
  echo "$label: ${jars#"$root/"} is up to date"
  exit 0
fi

# Start from an empty dir: jars of an older version left beside the new ones
# would both land on the `jars/*` classpath.
rm -rf "$jars"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! mvn -q -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies \
  -DoutputDirectory="$jars" -DincludeScope=runtime >"$log" 2>&1; then
  cat "$log" >&2
  rm -rf "$jars"
  fail "mvn could not resolve ${pom#"$root/"} (output above)"
fi
# Written last, so an interrupted resolve is redone next time.
echo "$wanted" >"$stamp"
echo "$label: resolved $(find "$jars" -name '*.jar' | wc -l | tr -d ' ') jars into ${jars#"$root/"}"
