#!/usr/bin/env bash
# Resolves the KCL MultiLangDaemon jars (packages/transport/kcl/pom.xml) from
# Maven Central into packages/transport/kcl/jars, which the Kinesis consumer
# puts on the daemon's classpath. Idempotent: Maven runs only when the jars
# are missing or the pom changed since the last successful resolve, which a
# sha256 stamp inside the jars dir records (so deleting the dir starts over).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pom="$root/packages/transport/kcl/pom.xml"
jars="$root/packages/transport/kcl/jars"
stamp="$jars/.pom.sha256"

fail() {
  echo "kcl-jars: $*" >&2
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
# The KCL itself runs on Java 8; 17 is what the project supports and tests (one JDK for Kafka and the KCL).
[ "$java_major" -ge 17 ] || fail "Java 17 or newer is required; found $java_version"
command -v keytool >/dev/null 2>&1 ||
  fail "keytool (part of the JDK/JRE) is required and not on PATH; it builds the daemon's trust store for a private CA"
command -v mvn >/dev/null 2>&1 ||
  fail "mvn (Apache Maven) is required and not on PATH; on Debian or Ubuntu run: sudo apt-get install maven"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
wanted="$(sha256 "$pom")"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] &&
  compgen -G "$jars/amazon-kinesis-client-multilang-*.jar" >/dev/null; then
  echo "kcl-jars: ${jars#"$root/"} is up to date"
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
echo "kcl-jars: resolved $(find "$jars" -name '*.jar' | wc -l | tr -d ' ') jars into ${jars#"$root/"}"
