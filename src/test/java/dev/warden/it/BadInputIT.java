package dev.warden.it;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 2 and 7: every bad input is a 4xx problem+json, never a 500 or a stack trace. */
class BadInputIT extends WardenIT {

    private static final String LOGIN = "/api/v1/auth/login";

    private Api.Reply raw(String method, String path, String contentType, String body) {
        return api.send(method, path, contentType, body, Map.of());
    }

    /** A JSON POST with these headers. */
    private Api.Reply post(Map<String, String> headers, String path, String json) {
        return api.send("POST", path, "application/json", json, headers);
    }

    /** The Authorization header of a new user of this role. */
    private Map<String, String> bearerOfNewUser(String role) {
        Api.TestUser user = api.createUser(role);
        return Map.of("Authorization", "Bearer " + api.accessToken(user.username(), user.password()));
    }

    private static void noInternals(Api.Reply reply) {
        for (String leak : List.of("Exception", "at dev.warden", "org.hibernate", "SQL", "jakarta.", "java.")) {
            assertFalse(reply.text().contains(leak), () -> "leaks " + leak + ": " + reply.text());
        }
    }

    @Test
    void malformedJson() {
        for (String body : List.of("{", "{\"username\":", "not json", "[1,2]", "\"string\"", "{\"username\":\"a\",}")) {
            Api.Reply reply = raw("POST", LOGIN, "application/json", body);
            reply.problem(400, "malformed_json");
            noInternals(reply);
        }
    }

    /** The one error of a 400 validation_failed, as "field: message". */
    private static String fieldError(Api.Reply reply) {
        var errors = reply.problem(400, "validation_failed").json().getJsonArray("errors");
        assertEquals(1, errors.size(), reply.text());
        return errors.getJsonObject(0).getString("field") + ": " + errors.getJsonObject(0).getString("message");
    }

    @Test
    void wrongTypesAndUnknownMembersAreNamed() {
        assertEquals("username: must be a string",
                fieldError(raw("POST", LOGIN, "application/json", "{\"username\":[\"a\"],\"password\":\"x\"}")));
        assertEquals("username: must be a string",
                fieldError(raw("POST", LOGIN, "application/json", "{\"username\":{\"a\":1},\"password\":\"x\"}")));
        assertEquals("admin: is not a member of this request", fieldError(raw("POST", LOGIN, "application/json",
                "{\"username\":\"a\",\"password\":\"x\",\"admin\":true}")));
        assertEquals("refreshToken: is not a member of this request", fieldError(raw("POST", "/api/v1/auth/refresh",
                "application/json", "{\"refreshToken\":\"abc\"}")));
        Api.TestUser user = api.createUser("viewer");
        assertEquals("is_active: must be true or false", fieldError(api.patch("/api/v1/users/" + user.id(),
                Json.createObjectBuilder().add("is_active", "yes").build(), api.adminToken())));
        assertEquals("username: is not a member of this request", fieldError(api.patch("/api/v1/users/" + user.id(),
                Json.createObjectBuilder().add("username", "renamed").build(), api.adminToken())));
        assertEquals("expires_days: must be an integer", fieldError(api.post("/api/v1/users/me/api-keys",
                Json.createObjectBuilder().add("key_name", "k").add("expires_days", 1.5).build(),
                api.accessToken(user.username(), user.password()))));
        assertEquals("users[0].username: must be a string", fieldError(api.post("/api/v1/users/import",
                Json.createObjectBuilder().add("users", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("username", 7))).build(), api.adminToken())));
    }

    /**
     * PATCH is a JSON merge patch (RFC 7396), sent as application/json or
     * application/merge-patch+json alike: the same body gets the same answer either way, and
     * null, which removes a member, is refused by name for a member that cannot be removed
     * (until 2026-12-04 it was taken silently as "no change", and merge-patch+json bodies
     * skipped the member checks and got a bare malformed_json; on WildFly RESTEasy's own merge
     * patch support handed the method the whole merged user view, refused as unknown members).
     * Reports (null removes the description, the filters) in ReportsIT, alerts in AlertsIT.
     */
    @Test
    void aMergePatchIsCheckedAsStrictlyAsJsonAndRefusesToRemoveWhatCannotBe() {
        Api.TestUser user = api.createUser("analyst");
        String admin = api.adminToken();
        String path = "/api/v1/users/" + user.id();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + admin);
        for (String type : List.of("application/json", "application/merge-patch+json")) {
            assertEquals("username: is not a member of this request",
                    fieldError(api.send("PATCH", path, type, "{\"username\":\"renamed\"}", auth)), type);
            assertEquals("is_active: must be true or false",
                    fieldError(api.send("PATCH", path, type, "{\"is_active\":\"yes\"}", auth)), type);
            for (String member : List.of("role", "email", "is_active")) {
                assertEquals(member + ": cannot be removed: leave the member out to keep its value",
                        fieldError(api.send("PATCH", path, type, "{\"" + member + "\":null}", auth)), type);
            }
            api.send("PATCH", path, type, "[]", auth).problem(400, "malformed_json");
        }
        // nothing changed by the refused patches; a good one in either type applies
        assertEquals("analyst", api.get(path, admin).ok(200).json().getString("role"));
        assertEquals("viewer", api.send("PATCH", path, "application/merge-patch+json", "{\"role\":\"viewer\"}", auth)
                .ok(200).json().getString("role"));
    }

    /** A list request with several bad parameters hears of each at once, as a body's validation says every fault. */
    @Test
    void everyBadQueryParameterIsNamedInOneAnswer() {
        String admin = api.adminToken();
        assertEquals(List.of("active", "page", "role", "size", "sort"), fields(api.get(
                "/api/v1/users?page=0&size=1000&role=root&active=maybe&sort=password", admin)));
        assertEquals(List.of("outcome", "since", "type", "user_id"), fields(api.get(
                "/api/v1/audit-events?type=nope&since=yesterday&outcome=maybe&user_id=xyz", admin)));
        assertEquals(List.of("since"), fields(api.get(
                "/api/v1/audit-events?since=2026-12-05T00:00:00Z&until=2026-12-01T00:00:00Z", admin)));
        assertEquals(List.of("severity", "size", "status"), fields(api.get(
                "/api/v1/alerts?status=x&severity=y&size=-1", admin)));
        assertEquals(List.of("page", "size"), fields(api.get("/api/v1/reports?page=x&size=y", admin)));
        // digits of other scripts (Arabic-Indic three, a fullwidth one) are no number here, nor is
        // the hour 24 a time
        assertEquals(List.of("page", "size"), fields(api.get("/api/v1/users?page=%D9%A3&size=%EF%BC%91", admin)));
        assertEquals(List.of("until"), fields(api.get("/api/v1/audit-events?until=2026-01-01T24:00:00Z", admin)));
        // years the database cannot store (PostgreSQL: 4713 BC to 294276 AD) were a 500
        assertEquals(List.of("since", "until"), fields(api.get(
                "/api/v1/audit-events?since=-100000-01-01T00:00:00Z&until=%2B294277-01-01T00:00:00Z", admin)));
        assertEquals(List.of("filters.since"), fields(api.post("/api/v1/reports", Json.createObjectBuilder()
                .add("name", "far past").add("filters", Json.createObjectBuilder().add("since", "-5000-01-01T00:00:00Z"))
                .build(), admin)));
        api.get("/api/v1/audit-events?since=0001-01-01T00:00:00Z&until=9999-12-31T23:59:59Z", admin).ok(200);
        // a nested member is named with its parent, as the strict reader names it
        jakarta.json.JsonArrayBuilder types = Json.createArrayBuilder();
        for (int i = 0; i < 51; i++) {
            types.add("login");
        }
        assertEquals(List.of("filters.event_types"), fields(api.post("/api/v1/reports", Json.createObjectBuilder()
                .add("name", "many").add("filters", Json.createObjectBuilder().add("event_types", types)).build(), admin)));
    }

    /** The fields a 400 validation_failed names, sorted. */
    private static List<String> fields(Api.Reply reply) {
        return reply.problem(400, "validation_failed").json().getJsonArray("errors")
                .getValuesAs(jakarta.json.JsonObject.class).stream().map(e -> e.getString("field")).sorted().toList();
    }

    /** PostgreSQL stores no NUL in text or jsonb: a body string with one is a 400 naming it, never a 500. */
    @Test
    void aNulCharacterInABodyIsRefusedByName() {
        Api.TestUser user = api.createUser("analyst");
        String token = api.accessToken(user.username(), user.password());
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        assertEquals("key_name: must not contain the NUL character (U+0000)",
                fieldError(post(auth, "/api/v1/users/me/api-keys", "{\"key_name\":\"k\\u0000x\"}")));
        assertEquals("description: must not contain the NUL character (U+0000)",
                fieldError(post(auth, "/api/v1/reports", "{\"name\":\"r\",\"description\":\"d\\u0000\"}")));
        assertEquals("filters.event_types[0]: must not contain the NUL character (U+0000)", fieldError(post(auth,
                "/api/v1/reports", "{\"name\":\"r\",\"filters\":{\"event_types\":[\"login\\u0000\"]}}")));
        assertEquals("username: must not contain the NUL character (U+0000)", fieldError(raw("POST", LOGIN,
                "application/json", "{\"username\":\"" + user.username() + "\\u0000\",\"password\":\"x\"}")));
        // nothing was stored
        assertEquals(0, api.get("/api/v1/users/me/api-keys", token).ok(200).json().getInt("total"));
        // nor reaches a query as a parameter
        assertEquals(List.of("ip_address"), fields(api.get("/api/v1/audit-events?ip_address=a%00b", api.adminToken())));
        assertEquals(List.of("search"), fields(api.get("/api/v1/users?search=a%00b", api.adminToken())));
    }

    /**
     * A lone surrogate ({@code "\\ud800"}) is valid JSON syntax but no character: stored, it
     * became "?", and as a password it was the same password as "?" (a login with
     * {@code "...\\udfff"} or {@code "...?"} opened an account whose password had {@code \\ud800}).
     * Refused by name everywhere; a pair (an emoji written as two escapes) is text and kept.
     */
    @Test
    void loneSurrogatesAreRefusedNotTurnedIntoQuestionMarks() {
        String message = "must be Unicode text: a lone surrogate (\\ud800-\\udfff not in a pair) is no character";
        Map<String, String> admin = Map.of("Authorization", "Bearer " + api.adminToken());
        String name = "surrogate-" + System.nanoTime();
        assertEquals("password: " + message, fieldError(post(admin, "/api/v1/users", "{\"username\":\"" + name
                + "\",\"email\":\"" + name + "@warden.test\",\"password\":\"Valid#Pass-2026\\ud800x\",\"role\":\"viewer\"}")));
        assertEquals(0, api.get("/api/v1/users?search=" + name, api.adminToken()).ok(200).json().getInt("total"),
                "no user was made");
        Api.TestUser user = api.createUser("analyst");
        assertEquals("password: " + message, fieldError(raw("POST", LOGIN, "application/json", "{\"username\":\""
                + user.username() + "\",\"password\":\"" + user.password() + "\\udfff\"}")));
        Map<String, String> auth = Map.of("Authorization", "Bearer " + api.accessToken(user.username(), user.password()));
        assertEquals("name: " + message, fieldError(post(auth, "/api/v1/reports", "{\"name\":\"r\\ude00\"}")));
        assertEquals("filters.event_types[0]: " + message, fieldError(post(auth, "/api/v1/reports",
                "{\"name\":\"r\",\"filters\":{\"event_types\":[\"\\ud83d\"]}}")));
        String id = post(auth, "/api/v1/reports", "{\"name\":\"smile \\ud83d\\ude00\"}").ok(201).json().getString("id");
        assertEquals("smile \uD83D\uDE00", api.get("/api/v1/reports/" + id, auth.get("Authorization").substring(7))
                .ok(200).json().getString("name"), "a pair is one character, kept as sent");
    }

    /** Names shown on one line (an API key's, a report's) take no control characters (ANSI escapes, line breaks). */
    @Test
    void controlCharactersInOneLineNamesAreRefused() {
        Map<String, String> auth = bearerOfNewUser("analyst");
        assertEquals("key_name: must not contain control characters",
                fieldError(post(auth, "/api/v1/users/me/api-keys", "{\"key_name\":\"k\\u001b[31mred\"}")));
        assertEquals("name: must not contain control characters",
                fieldError(post(auth, "/api/v1/reports", "{\"name\":\"a\\r\\nb\"}")));
        // a description may have lines and tabs
        post(auth, "/api/v1/reports", "{\"name\":\"two lines\",\"description\":\"first\\nsecond\\tend\"}").ok(201);
    }

    /**
     * An integer is written as one: 30.0 or 3e1 is named as not an integer (the OpenAPI 3.0
     * document's integer), where JSON-B alone answered 1e2 and 100.0 with a bare
     * malformed_json. A plain integer is taken.
     */
    @Test
    void anIntegerIsWrittenAsOne() {
        Map<String, String> auth = bearerOfNewUser("viewer");
        for (String days : List.of("30.0", "3e1", "3E+1", "1e2", "300e-1", "30.5")) {
            assertEquals("expires_days: must be an integer", fieldError(post(auth, "/api/v1/users/me/api-keys",
                    "{\"key_name\":\"k\",\"expires_days\":" + days + "}")), days);
        }
        jakarta.json.JsonObject key = post(auth, "/api/v1/users/me/api-keys",
                "{\"key_name\":\"k\",\"expires_days\":30}").ok(201).json();
        assertEquals(30, java.time.Duration.between(java.time.Instant.parse(key.getString("created_at")),
                java.time.Instant.parse(key.getString("expires_at"))).toDays());
    }

    @Test
    void brokenSyntaxSaysWhere() {
        Api.Reply reply = raw("POST", LOGIN, "application/json", "{\n  \"username\": \"a\",\n  \"password\": }")
                .problem(400, "malformed_json");
        assertTrue(reply.json().getString("detail").contains("line 3"), reply.text());
    }

    @Test
    void missingFieldsAreNamed() {
        Api.Reply reply = raw("POST", LOGIN, "application/json", "{}").problem(400, "validation_failed");
        List<String> fields = reply.json().getJsonArray("errors").getValuesAs(jakarta.json.JsonObject.class).stream()
                .map(e -> e.getString("field")).distinct().sorted().toList();
        assertEquals(List.of("password", "username"), fields);
        raw("POST", LOGIN, "application/json", "").problem(400, "validation_failed");
        raw("POST", LOGIN, "application/json", "null").problem(400, "validation_failed");
    }

    @Test
    void oversizedBodiesAre413WithOrWithoutContentLength() throws Exception {
        String big = "{\"username\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}";
        assertTrue(rawStatusLine(big).contains(" 413 "));
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(api.base() + LOGIN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(chunked.body().contains("payload_too_large"));
    }

    /** Announces the whole body by Content-Length; the server may answer before reading it. */
    private String rawStatusLine(String body) throws Exception {
        URL url = new URL(api.base() + LOGIN);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(bytes);
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server refused the body before it was all sent; its answer is still there to read
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine();
        }
    }

    @Test
    void wrongContentTypeIs415() {
        raw("POST", LOGIN, "text/plain", "{\"username\":\"a\",\"password\":\"b\"}").problem(415, "unsupported_media_type");
        raw("POST", LOGIN, "application/x-www-form-urlencoded", "username=a&password=b").problem(415, "unsupported_media_type");
        raw("POST", LOGIN, null, "{\"username\":\"a\",\"password\":\"b\"}").problem(415, "unsupported_media_type");
    }

    @Test
    void unsupportedMethodsAre405() {
        raw("GET", LOGIN, null, null).problem(405, "method_not_allowed");
        raw("DELETE", LOGIN, null, null).problem(405, "method_not_allowed");
        api.send("PUT", "/api/v1/users", "application/json", "{}", Map.of("Authorization", "Bearer " + api.adminToken()))
                .problem(405, "method_not_allowed");
    }

    @Test
    void unknownPathsAre404ProblemsInsideAndOutsideTheApi() {
        raw("GET", "/api/v1/nothing-here", null, null).problem(404, "not_found");
        raw("GET", "/nothing-here", null, null).problem(404, "not_found");
    }

    @Test
    void xForwardedForIsIgnoredFromAnUntrustedPeer() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        api.send("POST", LOGIN, "application/json", "{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\"}",
                Map.of("X-Forwarded-For", "203.0.113.7")).ok(200);
        String peer = InetAddress.getByName(java.net.URI.create(api.base()).getHost()).getHostAddress();
        assertEquals(peer, WardenServer.queryValue(
                "select ip_address from sessions where user_id = ?::uuid order by created_at desc limit 1", user.id()));
    }

    @Test
    void xForwardedForIsHonouredFromATrustedProxy() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        loginThroughTrustedProxy(user, "X-Forwarded-For: 198.51.100.4, " + WardenServer.TRUSTED_PROXY);
        assertEquals("198.51.100.4", WardenServer.queryValue(
                "select ip_address from sessions where user_id = ?::uuid order by created_at desc limit 1", user.id()));
    }

    /** Hops spread over several header lines are one list (RFC 9110 5.3): the right-most untrusted hop counts. */
    @Test
    void xForwardedForOverSeveralLinesIsOneList() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        loginThroughTrustedProxy(user, "X-Forwarded-For: 198.51.100.9\r\nX-Forwarded-For: 203.0.113.50, "
                + WardenServer.TRUSTED_PROXY);
        assertEquals("203.0.113.50", WardenServer.queryValue(
                "select ip_address from sessions where user_id = ?::uuid order by created_at desc limit 1", user.id()));
    }

    /**
     * Some proxies (Azure's Application Gateway among them) write the client's port: the
     * address is the client, not the proxy (before 2026-12-07 such a hop was taken for
     * garbage, and every client behind that proxy counted as the proxy, one rate limit for
     * all). A Forwarded header (RFC 7239) is not read while warden.proxy-header is
     * x-forwarded-for, the default: a client could write one through such a proxy.
     */
    @Test
    void aForwardedHopWithAPortIsItsAddressAndOnlyTheConfiguredHeaderIsRead() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        loginThroughTrustedProxy(user, "X-Forwarded-For: 198.51.100.23:50123\r\nForwarded: for=203.0.113.66");
        assertEquals("198.51.100.23", WardenServer.queryValue(
                "select ip_address from sessions where user_id = ?::uuid order by created_at desc limit 1", user.id()));
        loginThroughTrustedProxy(user, "X-Forwarded-For: [2001:DB8:0:0:0:0:0:23]:50123");
        assertEquals("2001:db8::23", WardenServer.queryValue(
                "select ip_address from sessions where user_id = ?::uuid order by created_at desc limit 1", user.id()));
        loginThroughTrustedProxy(user, "Forwarded: for=203.0.113.67");
        assertEquals(WardenServer.TRUSTED_PROXY, WardenServer.queryValue(
                "select ip_address from sessions where user_id = ?::uuid order by created_at desc limit 1", user.id()));
    }

    /** A login sent from the trusted proxy's address with these extra header lines. */
    private void loginThroughTrustedProxy(Api.TestUser user, String headerLines) throws Exception {
        String body = "{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\"}";
        String status = TrustedProxy.post(api.base(), LOGIN, body, headerLines);
        assertTrue(status.contains(" 200 "), status);
    }
}
