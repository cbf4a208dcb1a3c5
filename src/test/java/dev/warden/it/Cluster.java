package dev.warden.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two instances, A and B, of the same WAR on one PostgreSQL database of their own, as
 * behind a load balancer, shared by the {@code Cluster*IT} classes: the first of them to
 * run starts both (A first: it migrates and creates the admin; then B, with a 256 MB
 * heap), and {@link ClusterKeysIT}, ordered last of them, stops both, so that their logs
 * are kept before {@link SecretsInLogsIT} reads every log of the run. A class run alone
 * starts them too; they stop when the run ends. The instances are of the server the run
 * tests: Payara Micro, or WildFly in the WildFly run ({@link WildFlyProcess}).
 * <p>
 * Each test's requests come from an address of their own (through the trusted proxy, see
 * {@link #api}), so that tests do not run into each other's rate limit; the limit tests
 * use addresses of their own.
 */
public final class Cluster implements BeforeAllCallback, BeforeEachCallback {

    /** The key ClusterKeysIT rotates the cluster's encryption key to (a test value, fixed). */
    static final String NEXT_ENCRYPTION_KEY = "c2Vjb25kIGtleSBvZiB0aGUgY2x1c3RlciwgMzIgYnk=";

    /** The cluster's login and MFA allowance per address and minute. */
    static final int PER_MINUTE = 30;
    static Instance a;
    static Instance b;
    private static final Map<String, String> SETTINGS = new LinkedHashMap<>();
    private static Path folder;
    private static String client = "192.0.2.1";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
        // a class run on its own, or a subset: the instances stop when the run ends
        context.getRoot().getStore(ExtensionContext.Namespace.create(Cluster.class))
                .getOrComputeIfAbsent("stop", key -> (ExtensionContext.Store.CloseableResource) Cluster::stop);
    }

    /**
     * Each test's own address, never another test's: the cluster's rate limit counts logins
     * per address over this minute and the last, so two tests that drew the same random
     * address (1 in 250 per pair) could add up past the allowance and be refused.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        int n = NEXT_CLIENT.getAndIncrement();
        client = "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    /** Addresses from 10.0.0.0/8, from a random start per run (the database may be reused). */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_CLIENT =
            new java.util.concurrent.atomic.AtomicInteger((int) (Math.random() * 0xff0000) + 1);

    private static synchronized void start() throws Exception {
        if (a != null) {
            return;
        }
        WardenServer.start();
        if (SETTINGS.isEmpty()) {
            WardenServer.update("create database cluster");
            SETTINGS.putAll(WardenServer.serverSettings("cluster"));
            // 127.0.0.1 too: requests carry an address of their own (api(server))
            SETTINGS.put("warden.trusted-proxies", WardenServer.TRUSTED_PROXY + ",127.0.0.1");
            SETTINGS.put("warden.rate-limit.auth-per-minute", String.valueOf(PER_MINUTE));
            SETTINGS.put("warden.cors.allowed-origins", WardenServer.UI_ORIGIN); // a UI reads the 429 (ClusterLimitsIT)
            // concurrent logins wait for bcrypt rather than being refused by the hashing gate (also a 429)
            SETTINGS.put("warden.password.max-queued-hashes", "500");
            SETTINGS.put("warden.audit.purge-interval", "PT3S");
            SETTINGS.put("warden.session.purge-interval", "PT3S");
            // the trigrams most users share, sampled every few seconds: searches leave them out (UserSearchIT)
            SETTINGS.put("warden.users.search-statistics-interval", "PT3S");
            // the first step of an encryption-key rotation from the start (ClusterKeysIT takes the second)
            SETTINGS.put("warden.encryption.previous-keys", NEXT_ENCRYPTION_KEY);
            folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "cluster");
        }
        boolean emptyDatabase = firstStart == null;
        startBothAtOnce();
        if (emptyDatabase) {
            firstStart = new FirstStart(List.of(a.logText(), b.logText()),
                    (Long) queryValue("select count(*) from signing_keys where activated_at is not null and retired_at is null"),
                    (Long) queryValue("select count(*) from signing_keys where activated_at is null and retired_at is null"),
                    (Long) queryValue("select count(*) from users where role = 'admin'"),
                    (Long) queryValue("select count(*) from flyway_schema_history"),
                    (Long) queryValue("select count(*) from flyway_schema_history where success"));
        }
    }

    /**
     * What the cluster's first start left: both instances, started at the same moment on an
     * empty database, as an orchestrator starts a deployment's replicas (ClusterOperationsIT).
     */
    record FirstStart(List<String> logs, long activeSigningKeys, long standbySigningKeys, long admins,
                      long migrationRows, long migrationsSucceeded) {
    }

    static FirstStart firstStart;

    /** Starts A and B at the same moment; neither is left running if the other fails. */
    private static void startBothAtOnce() throws Exception {
        ExecutorService starts = Executors.newFixedThreadPool(2);
        try {
            List<Future<Instance>> starting = List.of(
                    starts.submit(() -> Instance.start("cluster-a", folder, SETTINGS, List.of())),
                    starts.submit(() -> Instance.start("cluster-b", folder, SETTINGS, List.of("-Xmx256m"))));
            List<Instance> started = new ArrayList<>();
            Exception failure = null;
            for (var start : starting) {
                try {
                    started.add(start.get());
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            if (failure != null) {
                for (Instance server : started) {
                    server.close();
                }
                throw failure;
            }
            a = started.get(0);
            b = started.get(1);
        } finally {
            starts.shutdown();
        }
    }

    /** Stops both instances (their logs are kept, for SecretsInLogsIT). */
    static synchronized void stop() throws InterruptedException {
        for (Instance server : new Instance[]{a, b}) {
            if (server != null) {
                server.close();
            }
        }
        a = null;
        b = null;
    }

    /** Restarts B with these settings over the cluster's. */
    static synchronized void restartB(Map<String, String> overrides) throws Exception {
        b.close();
        Map<String, String> settings = new LinkedHashMap<>(SETTINGS);
        settings.putAll(overrides);
        b = Instance.start("cluster-b", folder, settings, List.of("-Xmx256m"));
    }

    /** An instance's API, as if from this test's own client address. */
    static Api api(Instance server) {
        return server.api().forwardedFor(client);
    }

    /** A new viewer, made on A. */
    static Api.TestUser user() {
        return api(a).createUser("viewer");
    }

    /** The user's own view ({@code GET /auth/me}) as this instance answers it. */
    static JsonObject me(Instance server, String token) {
        return api(server).get("/api/v1/auth/me", token).ok(200).json().getJsonObject("user");
    }

    /** The cluster's database, for what the API does not show. */
    static Connection db() throws Exception {
        return DriverManager.getConnection(WardenServer.jdbcUrl().replace("/postgres", "/cluster"), "postgres", "");
    }

    static Object queryValue(String sql, Object... params) throws Exception {
        try (Connection c = db(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    /** A change behind Warden's back, which then drops what the instances hold in memory. */
    static void update(String sql, Object... params) throws Exception {
        try (Connection c = db(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
            WardenServer.changedBehindWardensBack(c);
        }
    }

}
