package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10, points 4, 5 and 7: saved reports (JSON and streamed CSV) and the admin stats. */
class ReportsIT extends WardenIT {

    private static final String REPORTS = "/api/v1/reports";

    private String tokenOf(String role) {
        Api.TestUser user = api.createUser(role);
        return api.accessToken(user.username(), user.password());
    }

    private static JsonObjectBuilder report(String name, JsonObjectBuilder filters) {
        return Json.createObjectBuilder().add("name", name).add("description", "for tests").add("filters", filters);
    }

    @Test
    void analystsAndAdminsKeepReportsEveryoneReadsThem() {
        String analyst = tokenOf("analyst");
        String viewer = tokenOf("viewer");
        Api.TestUser subject = api.createUser("viewer");
        Api.Reply created = api.post(REPORTS, report("Failed logins of one user", Json.createObjectBuilder()
                .add("event_types", Json.createArrayBuilder().add("login")).add("user_id", subject.id())
                .add("outcome", "failure").add("since", "2026-01-01T00:00:00Z")).build(), analyst).ok(201);
        JsonObject body = created.json();
        String id = body.getString("id");
        assertTrue(created.header("Location").endsWith(REPORTS + "/" + id), created.header("Location"));
        assertEquals(List.of("login"), body.getJsonObject("filters").getJsonArray("event_types")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(subject.id(), body.getJsonObject("filters").getString("user_id"));
        assertEquals("2026-01-01T00:00:00Z", body.getJsonObject("filters").getString("since"));
        assertTrue(body.getJsonObject("filters").isNull("until"));
        assertFalse(body.isNull("created_by"));

        assertEquals(id, api.get(REPORTS + "/" + id, viewer).ok(200).json().getString("id"));
        assertTrue(api.get(REPORTS + "?size=100", viewer).ok(200).json().getJsonArray("items").stream()
                .anyMatch(r -> r.asJsonObject().getString("id").equals(id)));
        api.post(REPORTS, report("x", Json.createObjectBuilder()).build(), viewer).problem(403, "forbidden");
        api.patch(REPORTS + "/" + id, Json.createObjectBuilder().add("name", "x").build(), viewer)
                .problem(403, "forbidden");
        api.delete(REPORTS + "/" + id, viewer).problem(403, "forbidden");
        api.get(REPORTS, null).problem(401, "unauthorized");

        JsonObject changed = api.patch(REPORTS + "/" + id, Json.createObjectBuilder().add("name", "Renamed")
                .add("filters", Json.createObjectBuilder().add("outcome", "success")).build(), api.adminToken())
                .ok(200).json();
        assertEquals("Renamed", changed.getString("name"));
        assertEquals("for tests", changed.getString("description"), "members not sent stay");
        assertEquals("success", changed.getJsonObject("filters").getString("outcome"));
        assertTrue(changed.getJsonObject("filters").isNull("user_id"), "filters are replaced whole");

        // merge patch: null removes the description and every filter, never the name
        JsonObject removed = api.send("PATCH", REPORTS + "/" + id, "application/merge-patch+json",
                "{\"description\":null,\"filters\":null}", java.util.Map.of("Authorization", "Bearer " + analyst))
                .ok(200).json();
        assertTrue(removed.isNull("description"), removed.toString());
        JsonObject none = removed.getJsonObject("filters");
        assertTrue(none.getJsonArray("event_types").isEmpty() && none.isNull("user_id") && none.isNull("outcome")
                && none.isNull("since") && none.isNull("until"), none.toString());
        assertEquals("Renamed", removed.getString("name"));
        JsonObject stored = api.get(REPORTS + "/" + id, viewer).ok(200).json();
        assertTrue(stored.isNull("description"), "removed in the database too: " + stored);
        assertTrue(stored.getJsonObject("filters").isNull("outcome"), stored.toString());
        var nameless = api.patch(REPORTS + "/" + id, Json.createObjectBuilder().addNull("name").build(), analyst)
                .problem(400, "validation_failed").json().getJsonArray("errors");
        assertEquals("name", nameless.getJsonObject(0).getString("field"));
        assertEquals("Renamed", api.get(REPORTS + "/" + id, viewer).ok(200).json().getString("name"));

        api.delete(REPORTS + "/" + id, analyst).ok(204);
        String trail = api.get("/api/v1/audit-events?size=100&type=report_created,report_updated,report_deleted",
                api.adminToken()).ok(200).text();
        assertEquals(4, trail.split("\"report_id\":\"" + id + "\"", -1).length - 1,
                "created, changed twice (the refused patch not) and deleted are audited: " + trail);
        api.get(REPORTS + "/" + id, viewer).problem(404, "not_found");
        api.delete(REPORTS + "/" + id, analyst).problem(404, "not_found");
    }

    @Test
    void badFiltersAreRefusedWithTheFieldNamed() {
        String analyst = tokenOf("analyst");
        assertField(api.post(REPORTS, report("r", Json.createObjectBuilder().add("users", "x")).build(), analyst),
                "filters.users");
        assertField(api.post(REPORTS, report("r", Json.createObjectBuilder().add("since", "2026-02-01T00:00:00Z")
                .add("until", "2026-01-01T00:00:00Z")).build(), analyst), "filters.since");
        assertField(api.post(REPORTS, report("r", Json.createObjectBuilder().add("event_types",
                Json.createArrayBuilder().add("login").add("teleport"))).build(), analyst), "filters.event_types");
        assertField(api.post(REPORTS, report("r", Json.createObjectBuilder().add("user_id", "42")).build(), analyst),
                "filters.user_id");
        assertField(api.post(REPORTS, report("r", Json.createObjectBuilder().add("until", "soon")).build(), analyst),
                "filters.until");
        assertField(api.post(REPORTS, Json.createObjectBuilder().add("name", " ").build(), analyst), "name");
    }

    private static void assertField(Api.Reply reply, String field) {
        reply.problem(400, "validation_failed");
        assertTrue(reply.json().getJsonArray("errors").stream().anyMatch(e -> e.asJsonObject().getString("field")
                .equals(field)), "names " + field + ": " + reply.text());
    }

    @Test
    void resultsAreTheMatchingEventsAsJsonOrAsCsvWithHostileValuesNeutralised() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String hostileAgent = "=HYPERLINK(\"http://evil.example\",\"click\"), \"quoted\"";
        api.send("POST", "/api/v1/auth/login", "application/json", Json.createObjectBuilder()
                .add("username", user.username()).add("password", "Wrong#Password-1").build().toString(),
                Map.of("User-Agent", hostileAgent));
        String token = api.accessToken(user.username(), user.password());
        // (a line break survives too, CsvTest; key names take no control characters since 2026-12-04)
        String keyName = "clé, \"naïve\" 日本 =1+2";
        api.createKey(token, keyName);
        String id = api.post(REPORTS, report("Everything about one user", Json.createObjectBuilder()
                .add("user_id", user.id())).build(), tokenOf("analyst")).ok(201).json().getString("id");

        JsonObject page = api.get(REPORTS + "/" + id + "/results?size=2", tokenOf("viewer")).ok(200).json();
        assertEquals(4, page.getInt("total"), "created, failed login, login, key: " + page);
        assertEquals(2, page.getJsonArray("items").size());
        assertEquals("api_key_created", page.getJsonArray("items").getJsonObject(0).getString("type"), "newest first");

        Api.Reply csv = api.send("GET", REPORTS + "/" + id + "/results", null, null,
                Map.of("Authorization", "Bearer " + api.adminToken(), "Accept", "text/csv"));
        assertEquals(200, csv.status(), csv.text());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.contentType().toLowerCase().contains("charset=utf-8"), csv.contentType());
        assertTrue(csv.header("Content-Disposition").matches("attachment; filename=\"report-everything-about-one-user-"
                + "\\d{4}-\\d{2}-\\d{2}\\.csv\""), csv.header("Content-Disposition"));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.text())).getRecords();
        assertEquals(4, rows.size());
        CSVRecord failure = rows.stream().filter(r -> r.get("outcome").equals("failure")).findFirst().orElseThrow();
        assertEquals("'" + hostileAgent, failure.get("user_agent"), "a formula cell starts with an apostrophe");
        CSVRecord key = rows.get(0);
        assertEquals("api_key_created", key.get("type"));
        JsonObject details = Json.createReader(new StringReader(key.get("details"))).readObject();
        assertEquals(keyName, details.getString("key_name"), "non-ASCII, quotes and commas survive");
        assertEquals(user.id(), key.get("target_user_id"));
    }

    /** 100,000 events stream out as CSV: read as they are written, every row there. */
    @Test
    void aLargeCsvStreams() throws Exception {
        String subject = UUID.randomUUID().toString();
        WardenServer.update("insert into audit_events (id, type, outcome, target_user_id, ip_address, user_agent, details, "
                + "created_at) select gen_random_uuid(), 'login', 'failure', ?::uuid, '198.18.0.1', 'bulk, \"agent\"', "
                + "'{\"reason\":\"invalid_credentials\"}', now() - (g || ' seconds')::interval "
                + "from generate_series(1, 100000) g", subject);
        String id = api.post(REPORTS, report("Bulk", Json.createObjectBuilder().add("user_id", subject)).build(),
                api.adminToken()).ok(201).json().getString("id");
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.base() + REPORTS + "/" + id + "/results")).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + api.adminToken()).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Length").isEmpty(), "streamed, so no length up front");
        long rows = 0;
        String previous = null;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Iterator<CSVRecord> records = parser.iterator();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                assertEquals("bulk, \"agent\"", record.get("user_agent"));
                if (previous != null) {
                    assertTrue(record.get("created_at").compareTo(previous) <= 0, "newest first");
                }
                previous = record.get("created_at");
                rows++;
            }
        }
        assertEquals(100_000, rows);
        WardenServer.update("delete from audit_events where target_user_id = ?::uuid", subject);
    }

    @Test
    void adminStatsAreCountsOfTheDatabase() {
        Api.TestUser locked = api.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            api.login(locked.username(), "Wrong#Password-" + i);
        }
        JsonObject stats = api.get("/api/v1/admin/stats", api.adminToken()).ok(200).json();
        JsonObject users = stats.getJsonObject("users");
        assertEquals(((Long) WardenServer.queryValue("select count(*) from users")).intValue(), users.getInt("total"));
        JsonObject byRole = users.getJsonObject("by_role");
        assertEquals(users.getInt("total"), byRole.getInt("admin") + byRole.getInt("analyst") + byRole.getInt("viewer"));
        assertEquals(((Long) WardenServer.queryValue("select count(*) from users where role = 'analyst'")).intValue(),
                byRole.getInt("analyst"));
        assertEquals(((Long) WardenServer.queryValue("select count(*) from users where not is_active")).intValue(),
                users.getInt("inactive"));
        assertTrue(users.getInt("locked") >= 1, stats.toString());
        assertEquals(((Long) WardenServer.queryValue("select count(*) from sessions where revoked_at is null "
                + "and expires_at > now()")).intValue(), stats.getInt("active_sessions"));
        assertEquals(((Long) WardenServer.queryValue("select count(*) from audit_events where type = 'login' "
                + "and outcome = 'failure' and created_at >= now() - interval '24 hours'")).intValue(),
                stats.getInt("failed_logins_24h"));
        assertTrue(stats.containsKey("api_keys_active") && stats.containsKey("open_alerts"), stats.toString());
        api.get("/api/v1/admin/stats", tokenOf("analyst")).problem(403, "forbidden");
    }
}
