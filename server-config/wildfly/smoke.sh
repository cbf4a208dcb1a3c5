#!/bin/bash
# A manual smoke test of Warden on a WildFly started by hand (the test run: README, "Deploying to Payara
# Server", WildFly): what the port has reached, checked by hand, not part of the test suite.
# WildFly 38.0.1 (org.wildfly:wildfly-dist on Maven Central), unzipped in $WILDFLY:
#   cp target/warden.war $WILDFLY/standalone/deployments/ROOT.war
#   $WILDFLY/bin/standalone.sh -c standalone-microprofile.xml -Djboss.socket.binding.port-offset=10000 \
#     "-Dwarden.db.url=jdbc:h2:file:/tmp/wf-warden/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
#     -Dwarden.encryption.key=<base64 of 32 bytes>
#   server-config/wildfly/smoke.sh        (expects a new database: the bootstrap admin, no viewer1)
# Prints each step's status; compare with the README.
P=18080; j() { python3 -c "import sys,json;print(json.load(sys.stdin)$1)"; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
login() { curl -s -X POST localhost:$P/api/v1/auth/login -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}"; }
echo "jwks $(code localhost:$P/.well-known/jwks.json)"
R=$(login admin 'Change#Me-2026'); echo "login: $(echo "$R" | head -c 40)"; T=$(echo "$R" | j '["access_token"]'); RT=$(echo "$R" | j '["refresh_token"]')
echo "me bearer $(code localhost:$P/api/v1/auth/me -H "Authorization: Bearer $T")"
R2=$(curl -s -X POST localhost:$P/api/v1/auth/refresh -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$RT\"}"); echo "refresh: $(echo "$R2" | head -c 40)"
echo "reuse: $(curl -s -X POST localhost:$P/api/v1/auth/refresh -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$RT\"}" | j '["code"]')"
echo "me after reuse $(code localhost:$P/api/v1/auth/me -H "Authorization: Bearer $T")"
T=$(login admin 'Change#Me-2026' | j '["access_token"]')
K=$(curl -s -X POST localhost:$P/api/v1/users/me/api-keys -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d '{"key_name":"k1"}'); AK=$(echo "$K" | j '["api_key"]')
echo "me api key $(code localhost:$P/api/v1/auth/me -H "X-API-Key: $AK")"
echo "create viewer $(code -X POST localhost:$P/api/v1/users -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d '{"username":"viewer1","email":"v1@example.com","password":"Xy9#long-enough-pw","role":"viewer"}')"
VT=$(login viewer1 'Xy9#long-enough-pw' | j '["access_token"]')
echo "viewer users $(code localhost:$P/api/v1/users -H "Authorization: Bearer $VT")  anon users $(code localhost:$P/api/v1/users)"
echo "rotate $(code -X POST localhost:$P/api/v1/system/signing-keys/rotate -H "Authorization: Bearer $T")"
T2=$(login admin 'Change#Me-2026' | j '["access_token"]')
echo "new-key token $(code localhost:$P/api/v1/auth/me -H "Authorization: Bearer $T2")  old-key token $(code localhost:$P/api/v1/auth/me -H "Authorization: Bearer $T")"
echo "logout $(code -X POST localhost:$P/api/v1/auth/logout -H "Authorization: Bearer $T")  after $(code localhost:$P/api/v1/auth/me -H "Authorization: Bearer $T")"
sleep 1; echo "alerts: $(curl -s localhost:$P/api/v1/alerts -H "Authorization: Bearer $T2" | j '["items"][0]["type"]')"
echo "audit $(code "localhost:$P/api/v1/audit-events?size=1" -H "Authorization: Bearer $T2")  settings $(code localhost:$P/api/v1/system/settings -H "Authorization: Bearer $T2")"
echo "malformed $(code -X POST localhost:$P/api/v1/auth/login -H 'Content-Type: application/json' -d '{"username":')  unknown member $(code -X POST localhost:$P/api/v1/auth/login -H 'Content-Type: application/json' -d '{"username":"a","password":"b","x":1}')  text/plain $(code -X POST localhost:$P/api/v1/auth/login -H 'Content-Type: text/plain' -d x)"
echo "health (app port) $(code localhost:$P/health/ready)  openapi $(code localhost:$P/openapi)  health (management port) $(code localhost:19990/health/ready)"
