#!/usr/bin/env bash
# Starts Warden (the built WAR in Payara Micro, a throw-away embedded database, bcrypt at
# the production cost 12 unless BCRYPT_COST says otherwise) on port 8181, runs
# bench/Bench.java against it and stops it. Needs only a JDK and Maven.
#   bench/run.sh [SECONDS_PER_SCENARIO]
# To measure against PostgreSQL, export WARDEN_DB_URL, WARDEN_DB_USER, WARDEN_DB_PASSWORD
# and WARDEN_ENCRYPTION_KEY first.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/warden.war ] && [ -f target/payara-micro.jar ] || mvn -q -DskipTests package
work=$(mktemp -d)
port=8181
password='Bench#Admin-2026'
db_url="${WARDEN_DB_URL:-jdbc:h2:file:$work/warden;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE}"
WARDEN_DB_URL="$db_url" WARDEN_BOOTSTRAP_ADMIN_PASSWORD="$password" \
  java -Xmx1g -Djava.io.tmpdir="$work" \
  -Dwarden.password.bcrypt-cost="${BCRYPT_COST:-12}" \
  -Dwarden.bootstrap.admin.username=loadtest -Dwarden.bootstrap.admin.email=loadtest@warden.test \
  -jar target/payara-micro.jar --deploy target/warden.war --contextroot / --port "$port" --nocluster \
  > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
java bench/Bench.java "http://localhost:$port" loadtest "$password" "${1:-10}"
