package dev.warden.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Issue 14, point 4: the latency of login, refresh, {@code GET /users?search=} and the
 * audit query on an empty database and again after filling it with 1,000,000 users,
 * 1,000,000 sessions and 10,000,000 audit events (generated in PostgreSQL itself), side by
 * side, with the plans PostgreSQL chose for the application's own statements at that size
 * ({@code auto_explain}). Writes bench/SCALE.md.
 * <pre>mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.warden.bench.ScaleRun [-Dexec.args="USERS EVENTS"]</pre>
 */
public final class ScaleRun {

    private static final String ADMIN = "bench-admin";
    private static final String PASSWORD = "Load#Tester-Pass-2026";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int SAMPLES = 200;
    /** The numbers of the users that {@code r000123} matches: user0000123, user0001230 to user0001239. */
    private static final String SEEDED = "unnest(array[123, 1230, 1231, 1232, 1233, 1234, 1235, 1236, 1237, 1238, 1239])";

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        Path work = Files.createTempDirectory("warden-scale");
        Path pgLog = work.resolve("pglog");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile())
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("shared_preload_libraries", "auto_explain")
                .setServerConfig("auto_explain.log_analyze", "on")
                .setServerConfig("auto_explain.log_buffers", "on")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", pgLog.toString())
                .setServerConfig("log_filename", "pg.log")
                .setServerConfig("maintenance_work_mem", "256MB")
                .start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database scale");
            }
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/scale";
            try (WardenServer server = WardenServer.start(work, "scale", url, Map.of("warden.password.bcrypt-cost", "12",
                    "warden.bootstrap.admin.username", ADMIN, "warden.bootstrap.admin.email", "bench@warden.test",
                    "warden.bootstrap.admin.password", PASSWORD, "warden.rate-limit.auth-per-minute", "0"), null)) {
                server.awaitReady();
                String base = server.base;
                String admin = BenchRun.field(BenchRun.post(base + "/api/v1/auth/login", login(), Map.of()), "access_token");
                String needle = BenchRun.field(BenchRun.post(base + "/api/v1/users", "{\"username\":\"needle-qzx\","
                        + "\"email\":\"needle-qzx@warden.test\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}",
                        Map.of("Authorization", "Bearer " + admin)), "id");
                try (Connection c = pg.getDatabase("postgres", "scale").getConnection()) {
                    seed(c);
                }
                List<String> warmUps = new ArrayList<>();
                Map<String, Double> empty = measure(base, admin, needle, server.process.pid(), warmUps);

                long started = System.nanoTime();
                try (Connection c = pg.getDatabase("postgres", "scale").getConnection()) {
                    fill(c, users, events);
                }
                double fillSeconds = (System.nanoTime() - started) / 1e9;
                Map<String, Double> full = measure(base, admin, needle, server.process.pid(), warmUps);

                try (Connection c = pg.getDatabase("postgres", "scale").getConnection(); Statement s = c.createStatement()) {
                    s.execute("alter system set auto_explain.log_min_duration = 0");
                    s.execute("select pg_reload_conf()");
                    Thread.sleep(500);
                    once(base, admin, needle);
                    s.execute("alter system set auto_explain.log_min_duration = -1");
                    s.execute("select pg_reload_conf()");
                }
                String plans = plans(pgLog.resolve("pg.log"));

                // The control: the fill taken out again. Whatever the filled column lost to the
                // machine's drift in the meantime (not to the size) shows here too.
                try (Connection c = pg.getDatabase("postgres", "scale").getConnection()) {
                    unfill(c);
                }
                Map<String, Double> emptied = measure(base, admin, needle, server.process.pid(), warmUps);
                write(users, events, fillSeconds, warmUps, empty, full, emptied, plans);
            }
        }
    }

    private static String login() {
        return "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}";
    }

    /**
     * What the measured queries find at scale, put into the empty database too, so that
     * each answer has the same shape on both and only the size of the tables differs: the
     * 11 users that {@code r000123} matches (the fill then adds the others around them), and
     * 1,000 failed logins of the last day, so that the filtered audit page is full and its
     * count reaches the cap on both. Without them the empty database answered those two
     * with nothing, which is cheaper than any answer.
     */
    private static void seed(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(insertUsers(hash(s), SEEDED));
            s.execute("""
                    insert into audit_events (id, type, outcome, actor_id, target_user_id, ip_address, user_agent,
                                              details, created_at)
                    select gen_random_uuid(), 'login', 'failure', null, null, '10.9.9.9', 'scale-seed', '{"reason":"invalid_credentials"}',
                           now() - (g || ' seconds')::interval
                    from generate_series(1, 1000) g""");
            s.execute("vacuum analyze users");
            s.execute("vacuum analyze audit_events");
        }
    }

    private static String hash(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("select password_hash from users where username_key = 'needle-qzx'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Deletes what {@link #fill} added (not the seed), and compacts the tables and their indexes again. */
    private static void unfill(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("delete from audit_events where user_agent = 'scale'");
            s.execute("delete from sessions where user_agent = 'scale'");
            s.execute("delete from users where username_key like 'user%' and username_key <> all (select 'user' || lpad(g::text, 7, '0') from "
                    + SEEDED + " g)");
            s.execute("vacuum full analyze users");
            s.execute("vacuum full analyze sessions");
            s.execute("vacuum full analyze audit_events");
            s.execute("checkpoint");
        }
    }

    /** Users user0000001... (numbered by g of {@code series}) with e-mails at example.org; those there already stay. */
    private static String insertUsers(String hash, String series) {
        return """
                insert into users (id, username, username_key, email, email_key, password_hash, role, is_active,
                                   email_verified, totp_enabled, created_at, updated_at, last_login, version,
                                   password_version)
                select gen_random_uuid(), 'user' || lpad(g::text, 7, '0'), 'user' || lpad(g::text, 7, '0'),
                       'user' || lpad(g::text, 7, '0') || '@example.org', 'user' || lpad(g::text, 7, '0') || '@example.org',
                       '%s', (array['viewer','analyst','admin'])[1 + g %% 3], g %% 50 <> 0, true, false,
                       now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval, null, 0, 0
                from %s g
                on conflict do nothing""".formatted(hash, series);
    }

    /**
     * Users named user0000001... with e-mails at example.org, each with one active
     * session; events spread over 90 days among the users, ten types, 5 % failures.
     * Secondary indexes are dropped during the load and built again from their own
     * definitions (faster than maintaining them row by row), then the tables analysed.
     */
    private static void fill(Connection c, int users, int events) throws Exception {
        try (Statement s = c.createStatement()) {
            String hash = hash(s);
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    select indexname, indexdef from pg_indexes
                    where tablename in ('users', 'sessions', 'audit_events') and indexname like 'ix_%'""")) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                    try (Statement drop = c.createStatement()) {
                        drop.execute("drop index " + rs.getString(1));
                    }
                }
            }
            s.execute(insertUsers(hash, "generate_series(1, %d)".formatted(users)));
            s.execute("""
                    insert into sessions (id, user_id, created_at, last_used_at, expires_at, ip_address, user_agent)
                    select gen_random_uuid(), id, now(), now(), now() + interval '30 days', '10.0.0.1', 'scale'
                    from users where username_key like 'user%'""");
            s.execute("create temporary table ids as select row_number() over () as n, id from users");
            s.execute("create index on ids (n)");
            s.execute("""
                    insert into audit_events (id, type, outcome, actor_id, target_user_id, ip_address, user_agent,
                                              details, created_at)
                    select gen_random_uuid(),
                           (array['login','logout','token_refreshed','logout_all','password_changed','user_created',
                                  'user_updated','api_key_created','session_revoked','role_changed'])[1 + g %% 10],
                           case when g %% 20 = 0 then 'failure' else 'success' end,
                           i.id, i.id, '10.' || (g %% 250) || '.' || (g %% 7) || '.1', 'scale', '{}',
                           now() - ((g %% 7776000) || ' seconds')::interval
                    from generate_series(1, %d) g join ids i on i.n = 1 + (g::bigint * 7919) %% %d""".formatted(events, users));
            for (String definition : indexes) {
                s.execute(definition);
            }
            // what autovacuum does soon after a load; index-only scans need the visibility map
            s.execute("vacuum analyze users");
            s.execute("vacuum analyze sessions");
            s.execute("vacuum analyze audit_events");
            // the load's dirty pages written now, not by the checkpointer while "filled" is measured
            s.execute("checkpoint");
        }
    }

    /**
     * Median milliseconds of each operation, {@value #SAMPLES} times (logins: 20), after a
     * warm-up over every path until a round of it got no faster (the JIT of Payara needs
     * minutes of load on 2 cores) and the JIT compilers have gone quiet.
     */
    private static Map<String, Double> measure(String base, String admin, String needle, long pid, List<String> warmUps)
            throws Exception {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + admin);
        Map<String, Double> medians = new LinkedHashMap<>();
        // Thousands of times each for the cheap paths, a login (0.4 s of bcrypt) only every
        // 25th pass so that it does not eat the time. Rounds of 15 s, at least 4, until two
        // in a row fail to beat the best by 3 %, at most 20.
        String[] chain = {BenchRun.field(BenchRun.post(base + "/api/v1/auth/login", login(), Map.of()), "refresh_token")};
        int[] passes = {0};
        int rounds = BenchRun.warmUntilSteady(4, 20, () -> {
            int done = 0;
            for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; done++) {
                if (++passes[0] % 25 == 0) {
                    BenchRun.post(base + "/api/v1/auth/login", login(), Map.of());
                }
                chain[0] = BenchRun.field(BenchRun.post(base + "/api/v1/auth/refresh", "{\"refresh_token\":\"" + chain[0]
                        + "\"}", Map.of()), "refresh_token");
                reads(base, bearer, needle);
            }
            return done;
        });
        long jitWait = ProcessStats.awaitQuietJit(pid);
        warmUps.add(String.format("%d rounds of 15 s, then %d s until the JIT was quiet", rounds, jitWait));
        medians.put("login (bcrypt-12 included)", median(20, () -> BenchRun.post(base + "/api/v1/auth/login", login(), Map.of())));
        String[] refresh = {BenchRun.field(BenchRun.post(base + "/api/v1/auth/login", login(), Map.of()), "refresh_token")};
        medians.put("refresh", median(SAMPLES, () -> refresh[0] = BenchRun.field(BenchRun.post(base
                + "/api/v1/auth/refresh", "{\"refresh_token\":\"" + refresh[0] + "\"}", Map.of()), "refresh_token")));
        medians.put("GET /users?search=needle-q (one match)", median(SAMPLES, () -> get(base + "/api/v1/users?search="
                + URLEncoder.encode("needle-q", StandardCharsets.UTF_8), bearer)));
        medians.put("GET /users?search=r000123 (11 matches)", median(SAMPLES, () -> get(base
                + "/api/v1/users?search=r000123", bearer)));
        medians.put("GET /audit-events (newest page)", median(SAMPLES, () -> get(base + "/api/v1/audit-events", bearer)));
        medians.put("GET /audit-events?user_id= (one user)", median(SAMPLES, () -> get(base
                + "/api/v1/audit-events?user_id=" + needle, bearer)));
        medians.put("GET /audit-events?type=login&outcome=failure&since=1 day", median(SAMPLES, () -> get(base
                + "/api/v1/audit-events?type=login&outcome=failure&since=" + java.time.Instant.now().minus(Duration.ofDays(1)), bearer)));
        return medians;
    }

    private static void once(String base, String admin, String needle) throws Exception {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + admin);
        String refresh = BenchRun.field(BenchRun.post(base + "/api/v1/auth/login", login(), Map.of()), "refresh_token");
        BenchRun.post(base + "/api/v1/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}", Map.of());
        reads(base, bearer, needle);
    }

    private static void reads(String base, Map<String, String> bearer, String needle) throws Exception {
        get(base + "/api/v1/users?search=needle-q", bearer);
        get(base + "/api/v1/users?search=r000123", bearer);
        get(base + "/api/v1/audit-events", bearer);
        get(base + "/api/v1/audit-events?user_id=" + needle, bearer);
        get(base + "/api/v1/audit-events?type=login&outcome=failure&since=" + java.time.Instant.now().minus(Duration.ofDays(1)), bearer);
    }

    private static String get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach(builder::header);
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static double median(int times, Callable<?> operation) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            operation.call();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        return millis.get(times / 2);
    }

    /** The plans auto_explain logged for the application's statements, minus the ones of no interest. */
    private static String plans(Path log) throws Exception {
        if (!Files.exists(log)) {
            return "(no PostgreSQL log)";
        }
        StringBuilder out = new StringBuilder();
        for (String block : Files.readString(log).split("(?m)^(?=\\S.*LOG:  duration:)")) {
            String query = block.contains("Query Text:") ? block.substring(block.indexOf("Query Text:")) : "";
            boolean interesting = query.contains(" like ") || query.startsWith("Query Text: select")
                    && query.contains("from audit_events") || query.contains("from refresh_tokens rt1_0 where rt1_0.token_hash");
            if (interesting) {
                out.append("```\n").append(block.strip()).append("\n```\n\n");
            }
        }
        return out.toString();
    }

    private static void write(int users, int events, double fillSeconds, List<String> warmUps, Map<String, Double> empty,
                              Map<String, Double> full, Map<String, Double> emptied, String plans) throws Exception {
        StringBuilder out = new StringBuilder("# Latency at scale\n\n`ScaleRun` on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(ProcessStats.cpu())
                .append(", commit ").append(BenchRun.commit()).append(". Warden (Payara Micro) on PostgreSQL 17 embedded, ")
                .append("synchronous_commit on, one client, median of ").append(SAMPLES).append(" requests (logins: 20). ")
                .append(String.format("Filled with %,d users, %,d sessions and %,d audit events in %.0f s.%n%n",
                        users, users, events, fillSeconds))
                .append("The empty database holds the bench's own rows plus what the measured queries find at scale ")
                .append("(the 11 users that `r000123` matches, 1,000 failed logins of the last day), so that each ")
                .append("answer has the same shape on both and only the size of the tables differs. Then the fill ")
                .append("is deleted again (the tables compacted) and everything measured a third time: a control for ")
                .append("the drift of this machine between the columns. Warm-up before each column: ")
                .append(String.join("; ", warmUps)).append(".\n\n")
                .append("| operation | empty database | filled | emptied again | filled / empty | filled / emptied |\n")
                .append("|---|---|---|---|---|---|\n");
        empty.forEach((name, millis) -> out.append(String.format("| %s | %.2f ms | %.2f ms | %.2f ms | %.2f | %.2f |%n",
                name, millis, full.get(name), emptied.get(name), full.get(name) / millis,
                full.get(name) / emptied.get(name))));
        out.append("\n## Plans at that size (auto_explain, one request each)\n\n").append(plans);
        Files.writeString(Path.of("bench/SCALE.md"), out);
        System.out.print(out);
    }

    private ScaleRun() {
    }
}
