package dev.warden.it;

import dev.warden.platform.problem.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rules every answer to a bad request is judged by (the fuzzers {@link FuzzIT} and
 * {@link SpoiledMemberIT}): never a 5xx other than 503; a 4xx is problem+json with a code
 * of the catalogue, its own status and nothing of the server's insides; and a refused
 * request changes nothing: a 400/404/405/406/413/414/415/431 leaves users, sessions, API
 * keys and the audit trail exactly as they were (a checksum of each), a 401/403/409/429 may
 * add its audit event but changes no user, session or key. (Api checks each exchange
 * against the OpenAPI document besides.)
 */
final class AnswerRules implements AutoCloseable {

    static final Set<Integer> INPUT_REFUSALS = Set.of(400, 404, 405, 406, 413, 414, 415, 431);
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
            .collect(Collectors.toSet());
    private static final List<String> LEAKS = List.of("Exception", "at dev.warden", "org.hibernate", "java.",
            "jakarta.", "SQL", "<html");

    /** Columns that change when nothing happened to the row (a use, not a change) are left out. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("users", "select md5(coalesce(string_agg(concat_ws('|', id, username, email, role, is_active, "
                + "email_verified, totp_enabled, password_hash, password_version, version), ',' order by id), '')) || count(*) from users");
        TABLES.put("sessions", "select md5(coalesce(string_agg(concat_ws('|', id, user_id, expires_at, revoked_at), ',' "
                + "order by id), '')) || count(*) from sessions");
        TABLES.put("api_keys", "select md5(coalesce(string_agg(concat_ws('|', id, user_id, key_hash, expires_at), ',' "
                + "order by id), '')) || count(*) from api_keys");
        TABLES.put("audit_events", "select md5(coalesce(string_agg(id::text, ',' order by id), '')) || count(*) "
                + "from audit_events");
    }

    /**
     * One connection kept for the test: a new PostgreSQL connection per query (a backend
     * forked each time) was most of a fuzzer's time.
     */
    private Connection database;

    /** What the tables hold now, to compare after a refusal. */
    Map<String, String> checksums() throws Exception {
        if (database == null || !database.isValid(5)) {
            database = WardenServer.db().getConnection();
        }
        Map<String, String> sums = new TreeMap<>();
        try (Statement s = database.createStatement()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                try (ResultSet rows = s.executeQuery(table.getValue())) {
                    rows.next();
                    sums.put(table.getKey(), rows.getString(1));
                }
            }
        }
        return sums;
    }

    /**
     * Adds to {@code findings} every rule the reply breaks; {@code before} are the checksums
     * taken before the request, {@code summary} names the exchange in a finding.
     */
    void judge(Api.Reply reply, Map<String, String> before, String summary, List<String> findings) throws Exception {
        int status = reply.status();
        if (status >= 500 && status != 503) {
            findings.add(summary);
            return;
        }
        if (status < 400) {
            return;
        }
        String type = String.valueOf(reply.contentType());
        if (!type.startsWith("application/problem+json")) {
            findings.add("not problem+json: " + summary);
            return;
        }
        try {
            JsonObject problem = Json.createReader(new StringReader(reply.text())).readObject();
            if (!CODES.contains(problem.getString("code", "")) || problem.getInt("status", 0) != status) {
                findings.add("code or status: " + summary);
            }
        } catch (RuntimeException notJson) {
            findings.add("not JSON: " + summary);
        }
        for (String leak : LEAKS) {
            if (reply.text().contains(leak)) {
                findings.add("leaks " + leak + ": " + summary);
            }
        }
        Map<String, String> after = checksums();
        for (String table : TABLES.keySet()) {
            boolean mayChange = !INPUT_REFUSALS.contains(status) && "audit_events".equals(table);
            if (!mayChange && !before.get(table).equals(after.get(table))) {
                findings.add(table + " changed by a refused request: " + summary);
            }
        }
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    @Override
    public void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
