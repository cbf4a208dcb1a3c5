#!/usr/bin/env bash
# The bench (issue 14), one command: builds the WAR if needed, then BenchRun starts a
# throw-away PostgreSQL (the tests' embedded binaries from Maven) and Warden in Payara
# Micro (once with RS256, once with ES256) and writes bench/RESULTS.md.
#   bench/run.sh [SECONDS_PER_RUN]      (default 8; each figure is the median of 3 runs)
# Needs only a JDK and Maven. To load another, running server instead:
#   java bench/Bench.java BASE_URL ADMIN PASSWORD [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/warden.war ] && [ -f target/payara-micro.jar ] && [ -f target/warden-listener.jar ] || mvn -q -DskipTests package
mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.warden.bench.BenchRun -Dexec.args="${1:-8}"
