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
                    ScaleData.fill(c, users, events);
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
                        PlanCosts.plans(log), String.format(Locale.ROOT, "%,.0f", jitAboveCost) + "):\n\n"
                                + (Files.exists(log) ? PlanCosts.aboveJitThreshold(Files.readString(log), jitAboveCost,
                                PlanCosts.jitOff(pg)) : "(no PostgreSQL log)\n"));
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
            ScaleData.seed(c);
        }
        return new Target(name, server, admin, needle);
    }

    private static String login() {
        return "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}";
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
