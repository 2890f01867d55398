#!/usr/bin/env bash
# Make sure a Java 17+ runtime is there for the Spark duplicate search (pyspark's JVM; no Java is
# downloaded at run time). Installs Debian's openjdk-17-jre-headless with apt-get when running as
# root. Exit 0 when `java -version` reports 17 or newer.
set -u
java_ok() {
  local v
  v=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  [ -n "$v" ] && [ "$v" -ge 17 ]
}
java_ok && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing openjdk-17-jre-headless (Debian package) for the Spark duplicate search"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless) >/dev/null 2>&1
fi
java_ok
