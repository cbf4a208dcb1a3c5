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
import java.util.Locale;
import java.util.Map;

/**
 * Issue 14, point 4: the latency of login, refresh, {@code GET /users?search=} and the
 * audit query on an empty database and on one filled with 1,000,000 users, 1,000,000
 * sessions and 10,000,000 audit events (generated in PostgreSQL itself), with the plans
 * PostgreSQL chose for the application's own statements at that size ({@code auto_explain}).
 * Writes bench/SCALE.md.
 * <p>
 * Two Warden servers, one on each database of one PostgreSQL, both warmed up, are measured
 * in alternation, request by request: this machine's speed drifts by more than the effect
 * of the size within minutes, so measuring one database after the other compared hours,
 * not sizes.
 * <pre>mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.warden.bench.ScaleRun [-Dexec.args="USERS EVENTS"]</pre>
 */
public final class ScaleRun {

    private static final String ADMIN = "bench-admin";
    private static final String PASSWORD = "Load#Tester-Pass-2026";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int SAMPLES = 200;
    /**
     * The users {@code r000123} matches (user0001230 to user0001239) and user0000123, whose
     * trigrams it has all, which the index finds and the check of the whole key drops.
     */
    private static final String SEEDED = "unnest(array[123, 1230, 1231, 1232, 1233, 1234, 1235, 1236, 1237, 1238, 1239])";

    /**
     * The searches measured, and what they find: a name few users share; part of a generated
     * name, whose trigrams ({@code r00}, {@code 000}, ...) most generated names have; a whole
     * generated username and e-mail, whose {@code use}, {@code ser} and domain every one has.
     */
    private static final Map<String, String> SEARCHES = new LinkedHashMap<>();

    static {
        SEARCHES.put("needle-q", "one match");
        SEARCHES.put("r000123", "10 matches");
        SEARCHES.put("user0001234", "a whole username, one match");
        SEARCHES.put("user0001234@example.org", "a whole e-mail, one match");
    }

    /** One server and what the measurement needs of it. */
    private record Target(String name, WardenServer server, String admin, String needle) {
        Map<String, String> bearer() {
            return Map.of("Authorization", "Bearer " + admin);
        }
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        Path work = Scratch.create("warden-scale");
        Path pgLog = work.resolve("pglog");
        try (EmbeddedPostgres pg = WardenServer.durable(EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(work.toFile()))
                .setServerConfig("shared_preload_libraries", "auto_explain,pg_stat_statements")
                .setServerConfig("pg_stat_statements.track_planning", "on")
                .setServerConfig("auto_explain.log_analyze", "on")
                .setServerConfig("auto_explain.log_buffers", "on")
                // the statement inside warden_search_ids (V12_3) too
                .setServerConfig("auto_explain.log_nested_statements", "on")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", pgLog.toString())
                .setServerConfig("log_filename", "pg.log")
                .setServerConfig("maintenance_work_mem", "256MB")
                .start()) {
            String postgres;
            double jitAboveCost;
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                postgres = describe(s);
                try (ResultSet rs = s.executeQuery("select current_setting('jit_above_cost')::float8")) {
                    rs.next();
                    jitAboveCost = rs.getDouble(1);
                }
                s.execute("create database empty");
                s.execute("create database scale");
                s.execute("create extension pg_stat_statements");
            }
            // the admin's access token lives through the fill and the warm-up
            Map<String, String> settings = Map.of("warden.password.bcrypt-cost", "12", "warden.jwt.access-token-ttl", "PT3H",
                    "warden.bootstrap.admin.username", ADMIN, "warden.bootstrap.admin.email", "bench@warden.test",
                    "warden.bootstrap.admin.password", PASSWORD, "warden.rate-limit.auth-per-minute", "0",
                    // the filled server samples its users again after the fill, within the warm-up
                    "warden.users.search-statistics-interval", "PT20S");
            try (WardenServer emptyServer = WardenServer.start(Files.createDirectories(work.resolve("empty")), "empty",
                         "jdbc:postgresql://localhost:" + pg.getPort() + "/empty", settings, null);
                 WardenServer scaleServer = WardenServer.start(Files.createDirectories(work.resolve("scale")), "scale",
                         "jdbc:postgresql://localhost:" + pg.getPort() + "/scale", settings, null)) {
                Target empty = prepare("empty", emptyServer, pg);
                Target full = prepare("scale", scaleServer, pg);

                long started = System.nanoTime();
                try (Connection c = pg.getDatabase("postgres", "scale").getConnection()) {
                    fill(c, users, events);
                }
                double fillSeconds = (System.nanoTime() - started) / 1e9;

                String warmUp = warmUp(empty, full);
                for (Target target : List.of(empty, full)) {
                    ProcessStats.awaitQuietJit(target.server.process.pid());
                }
                Measured measured = measure(empty, full, pg);

                try (Connection c = pg.getDatabase("postgres", "scale").getConnection(); Statement s = c.createStatement()) {
                    s.execute("alter system set auto_explain.log_min_duration = 0");
                    s.execute("select pg_reload_conf()");
                    Thread.sleep(500);
                    once(full);
                    s.execute("alter system set auto_explain.log_min_duration = -1");
                    s.execute("select pg_reload_conf()");
                }
                Path log = pgLog.resolve("pg.log");
                write(postgres, users, events, fillSeconds, warmUp, measured.medians(), measured.statements(),
                        plans(log), String.format(Locale.ROOT, "%,.0f", jitAboveCost) + "):\n\n"
                                + (Files.exists(log) ? PlanCosts.aboveJitThreshold(Files.readString(log), jitAboveCost,
                                jitOff(pg)) : "(no PostgreSQL log)\n"));
            }
        }
        Scratch.remove(work);
    }

    /** Waits for the server, logs in its admin, creates the needle user and seeds the database. */
    private static Target prepare(String name, WardenServer server, EmbeddedPostgres pg) throws Exception {
        server.awaitReady();
        String admin = BenchClient.field(BenchClient.post(server.base + "/api/v1/auth/login", login(), Map.of()), "access_token");
        String needle = BenchClient.field(BenchClient.post(server.base + "/api/v1/users", "{\"username\":\"needle-qzx\","
                + "\"email\":\"needle-qzx@warden.test\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}",
                Map.of("Authorization", "Bearer " + admin)), "id");
        try (Connection c = pg.getDatabase("postgres", name).getConnection()) {
            seed(c);
        }
        return new Target(name, server, admin, needle);
    }

    private static String login() {
        return "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}";
    }

    /**
     * What the measured queries find at scale, put into the empty database too, so that
     * each answer has the same shape on both and only the size of the tables differs: the
     * users around {@code r000123} (SEEDED; the fill then adds the others around them), and
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
     * Warm-up over every path of both servers, a pass on one and then on the other, until a
     * round got no faster (the JIT of Payara needs minutes of load on 2 cores): rounds of
     * 15 s, at least 4, until two in a row fail to beat the best by 3 %, at most 20. A pass
     * is a refresh and the reads; a login (0.4 s of bcrypt) only every 25th pass so that it
     * does not eat the time. Neither server idles while the other warms up.
     */
    private static String warmUp(Target empty, Target full) throws Exception {
        Map<String, String> chain = new LinkedHashMap<>();
        for (Target target : List.of(empty, full)) {
            chain.put(target.name, BenchClient.field(BenchClient.post(target.server.base + "/api/v1/auth/login", login(),
                    Map.of()), "refresh_token"));
        }
        int[] passes = {0};
        int rounds = Runs.warmUntilSteady(4, 20, () -> {
            int done = 0;
            for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; done++) {
                boolean login = ++passes[0] % 25 == 0;
                for (Target target : List.of(empty, full)) {
                    String base = target.server.base;
                    if (login) {
                        BenchClient.post(base + "/api/v1/auth/login", login(), Map.of());
                    }
                    chain.put(target.name, BenchClient.field(BenchClient.post(base + "/api/v1/auth/refresh",
                            "{\"refresh_token\":\"" + chain.get(target.name) + "\"}", Map.of()), "refresh_token"));
                    reads(target);
                }
            }
            return done;
        });
        return rounds + " rounds of 15 s";
    }

    /** One measured operation, on a given server. */
    private interface Operation {
        void on(Target target) throws Exception;
    }

    /**
     * Median milliseconds of each operation on each server, {@value #SAMPLES} times (logins:
     * 20), the two servers taking turns request by request (which one goes first alternates
     * too), so that both see the same moments of the machine.
     */
    /**
     * Per operation: the medians of its requests on the empty and on the filled database, and
     * what PostgreSQL spent per request on each (planning and execution of the statements the
     * operation ran, pg_stat_statements, reset before each operation), with the statements.
     */
    private static Measured measure(Target empty, Target full, EmbeddedPostgres pg) throws Exception {
        Map<String, String> refresh = new LinkedHashMap<>();
        for (Target target : List.of(empty, full)) {
            refresh.put(target.name, BenchClient.field(BenchClient.post(target.server.base + "/api/v1/auth/login", login(),
                    Map.of()), "refresh_token"));
        }
        Map<String, Operation> operations = new LinkedHashMap<>();
        operations.put("login (bcrypt-12 included)", t -> BenchClient.post(t.server.base + "/api/v1/auth/login", login(), Map.of()));
        operations.put("refresh", t -> refresh.put(t.name, BenchClient.field(BenchClient.post(t.server.base
                + "/api/v1/auth/refresh", "{\"refresh_token\":\"" + refresh.get(t.name) + "\"}", Map.of()), "refresh_token")));
        SEARCHES.forEach((search, matches) -> operations.put("GET /users?search=" + search + " (" + matches + ")",
                t -> get(t.server.base + "/api/v1/users?search=" + URLEncoder.encode(search, StandardCharsets.UTF_8),
                        t.bearer())));
        operations.put("GET /audit-events (newest page)", t -> get(t.server.base + "/api/v1/audit-events", t.bearer()));
        operations.put("GET /audit-events?user_id= (one user)", t -> get(t.server.base + "/api/v1/audit-events?user_id="
                + t.needle, t.bearer()));
        operations.put("GET /audit-events?type=login&outcome=failure&since=1 day", t -> get(t.server.base
                + "/api/v1/audit-events?type=login&outcome=failure&since=" + java.time.Instant.now().minus(Duration.ofDays(1)),
                t.bearer()));
        Map<String, double[]> medians = new LinkedHashMap<>();
        StringBuilder statements = new StringBuilder();
        for (var operation : operations.entrySet()) {
            StatementStats.reset(pg);
            int times = operation.getKey().startsWith("login") ? 20 : SAMPLES;
            List<Double> onEmpty = new ArrayList<>();
            List<Double> onFull = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                boolean emptyFirst = i % 2 == 0;
                (emptyFirst ? onEmpty : onFull).add(time(operation.getValue(), emptyFirst ? empty : full));
                (emptyFirst ? onFull : onEmpty).add(time(operation.getValue(), emptyFirst ? full : empty));
            }
            double[] database = StatementStats.perRequest(pg, times);
            medians.put(operation.getKey(), new double[] {median(onEmpty), median(onFull), database[0], database[1]});
            statements.append("\n### ").append(operation.getKey()).append("\n\n").append(StatementStats.table(pg, times));
        }
        return new Measured(medians, statements.toString());
    }

    private static double time(Operation operation, Target target) throws Exception {
        long start = System.nanoTime();
        operation.on(target);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void once(Target target) throws Exception {
        String refresh = BenchClient.field(BenchClient.post(target.server.base + "/api/v1/auth/login", login(), Map.of()),
                "refresh_token");
        BenchClient.post(target.server.base + "/api/v1/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}", Map.of());
        reads(target);
        // not timed (a full page counts every user, the stats count every user and session,
        // which no empty database matches): their plans only
        get(target.server.base + "/api/v1/users?sort=-last_login", target.bearer());
        get(target.server.base + "/api/v1/admin/stats", target.bearer());
    }

    private static void reads(Target target) throws Exception {
        String base = target.server.base;
        for (String search : SEARCHES.keySet()) {
            get(base + "/api/v1/users?search=" + URLEncoder.encode(search, StandardCharsets.UTF_8), target.bearer());
        }
        get(base + "/api/v1/audit-events", target.bearer());
        get(base + "/api/v1/audit-events?user_id=" + target.needle, target.bearer());
        get(base + "/api/v1/audit-events?type=login&outcome=failure&since=" + java.time.Instant.now().minus(Duration.ofDays(1)),
                target.bearer());
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

    /** The plans auto_explain logged for the application's statements, minus the ones of no interest. */
    private static String plans(Path log) throws Exception {
        if (!Files.exists(log)) {
            return "(no PostgreSQL log)";
        }
        StringBuilder out = new StringBuilder();
        for (String block : Files.readString(log).split("(?m)^(?=\\S.*LOG:  duration:)")) {
            String query = block.contains("Query Text:") ? block.substring(block.indexOf("Query Text:")) : "";
            boolean interesting = query.contains(" like ") || query.contains("warden_search_ids(") || query.contains("warden_search_grams(") || query.startsWith("Query Text: select")
                    && (query.contains("from audit_events") || query.contains("from users u1_0 where 1=1 order by")
                            || query.contains("count(") && (query.contains("from users") || query.contains("from sessions")))
                    || query.contains("from refresh_tokens rt1_0 where rt1_0.token_hash");
            if (interesting) {
                out.append("```\n").append(block.strip()).append("\n```\n\n");
            }
        }
        return out.toString();
    }

    /** The functions of the filled database declared with {@code SET jit = off}: name to body. */
    private static Map<String, String> jitOff(EmbeddedPostgres pg) throws Exception {
        Map<String, String> functions = new java.util.TreeMap<>();
        try (Connection c = pg.getDatabase("postgres", "scale").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select proname, prosrc from pg_proc where 'jit=off' = any(proconfig)")) {
            while (rs.next()) {
                functions.put(rs.getString(1), rs.getString(2));
            }
        }
        return functions;
    }

    /** The result of {@link #measure}: per operation its medians and PostgreSQL's share, and its statements. */
    private record Measured(Map<String, double[]> medians, String statements) {
    }

    /**
     * The PostgreSQL measured, for the results' first line: its version, and whether it can
     * JIT-compile statements. The embedded binaries cannot (no LLVM); most packages can, with
     * jit on by default, so a plan priced above jit_above_cost costs more there than here
     * (V12_3__user_search_ids.sql).
     */
    private static String describe(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("select current_setting('server_version'), pg_jit_available()")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (embedded, fsync and synchronous_commit on, "
                    + (rs.getBoolean(2) ? "with" : "without") + " JIT)";
        }
    }

    private static void write(String postgres, int users, int events, double fillSeconds, String warmUp,
                              Map<String, double[]> medians, String statements, String plans, String jit)
            throws Exception {
        StringBuilder out = new StringBuilder("# Latency at scale\n\n`ScaleRun` on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(ProcessStats.cpu())
                .append(", commit ").append(BenchRun.commit()).append(". Two Warden servers (Payara Micro) on two ")
                .append("databases of one ").append(postgres).append(": one empty, one filled with ")
                .append(String.format("%,d users, %,d sessions and %,d audit events (in %.0f s). ", users, users, events,
                        fillSeconds))
                .append("Both hold the bench's own rows plus what the measured queries find at scale (the 10 users ")
                .append("that `r000123` matches and user0000123, 1,000 failed logins of the last day), so that each answer has the ")
                .append("same shape on both and only the size of the tables differs. Both servers warmed up together, ")
                .append("a pass on each in turn, until a round got no faster (").append(warmUp)
                .append("), then until their JIT compilers were quiet; ")
                .append("then one client, the two servers taking turns request by request, so that both see the ")
                .append("same moments of this machine. Median of ").append(SAMPLES).append(" requests each (logins: 20).\n\n")
                .append("| operation | empty database | filled | filled / empty | of which PostgreSQL (empty / filled) |\n")
                .append("|---|---|---|---|---|\n");
        medians.forEach((name, m) -> out.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f | %.3f / %.3f ms |%n",
                name, m[0], m[1], m[1] / m[0], m[2], m[3])));
        out.append("\nThe last column: what PostgreSQL spent planning and running the operation's statements, per ")
                .append("request (pg_stat_statements, planning tracked, statements run at least once per two requests).\n")
                .append("\n## Per operation, its statements (pg_stat_statements)\n\n")
                .append("Means over the operation's requests; the statements the fill made most expensive first.\n")
                .append(statements);
        out.append("\n## Plans at that size (auto_explain, one request each)\n\n").append(plans)
                .append("## Statements a PostgreSQL with JIT would compile at every run\n\n")
                .append("Those of the same requests priced above jit_above_cost (")
                .append(jit);
        Files.writeString(Path.of("bench/SCALE.md"), out);
        System.out.print(out);
    }

    private ScaleRun() {
    }
}
