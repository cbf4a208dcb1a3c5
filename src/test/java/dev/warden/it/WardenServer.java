package dev.warden.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.io.File;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Starts a real PostgreSQL (from Maven, no install) once per test run and hands its URL
 * and Warden's test settings to the Payara Micro that Arquillian starts next
 * (payara.cmdOptions). Must be registered before the Arquillian extension.
 */
public class WardenServer implements BeforeAllCallback {

    /** base64 of 32 bytes; tests use it to open what Warden sealed. */
    public static final String ENCRYPTION_KEY = System.getenv("WARDEN_ENCRYPTION_KEY");
    public static final String ADMIN_USERNAME = "root-admin";
    public static final String ADMIN_EMAIL = "root-admin@warden.test";
    public static final String ADMIN_PASSWORD = System.getenv("WARDEN_BOOTSTRAP_ADMIN_PASSWORD");
    public static final int BCRYPT_COST = 5;
    /** A loopback address tests can send from to act as a trusted proxy. */
    public static final String TRUSTED_PROXY = "127.0.0.2";

    /** Legacy static keys are on in the tests, with a role other than the default. */
    public static final String LEGACY_KEY = System.getenv().getOrDefault("WARDEN_LEGACY_API_KEYS", ",").split(",")[1];
    public static final String LEGACY_ROLE = "admin";

    /** The shared server's log file. */
    static final java.nio.file.Path SHARED_LOG = java.nio.file.Path.of(System.getProperty("warden.it.logs",
            "target/it-logs"), "shared-server.log").toAbsolutePath();

    /** The JUnit resource of the shared PostgreSQL: {@link DatabaseRestartIT} restarts it, {@link OwnServers} classes use it. */
    static final String SHARED_POSTGRES = "warden.shared-postgres";

    /** The system property that holds the shared server's JVM options, for {@link SharedWildFly}. */
    static final String JVM_OPTIONS = "warden.it.jvmOptions";

    private static EmbeddedPostgres postgres;
    private static int pgPort;
    private static Path pgData;
    private static com.icegreen.greenmail.util.GreenMail smtp;

    /** Where links in mails point in the tests. */
    public static final String PUBLIC_URL = "https://warden.example";
    /** The origin of a browser UI served from elsewhere, listed in warden.cors.allowed-origins. */
    public static final String UI_ORIGIN = "https://ui.warden.example";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    public static synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            pgPort = WardenProcess.freePort();
            pgData = java.nio.file.Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "shared-pg");
            postgres = database();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } catch (IOException ignored) {
                // the JVM is going away
            }
        }));
        smtp = new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup(
                WardenProcess.freePort(), "127.0.0.1", com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", jdbcUrl());
        settings.put("warden.mail.smtp.host", "127.0.0.1");
        settings.put("warden.mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        settings.put("warden.mail.smtp.tls", "none");
        settings.put("warden.mail.from", "Warden<no-reply@warden.test>");
        settings.put("warden.public-url", PUBLIC_URL);
        // on here (RegistrationIT); off, the default, in EmbeddedDefaultIT
        settings.put("warden.registration.enabled", "true");
        settings.put("warden.db.user", "postgres");
        settings.put("warden.password.bcrypt-cost", String.valueOf(BCRYPT_COST));
        settings.put("warden.password.max-queued-hashes", "500");
        settings.put("warden.bootstrap.admin.username", ADMIN_USERNAME);
        settings.put("warden.bootstrap.admin.email", ADMIN_EMAIL);
        settings.put("warden.trusted-proxies", TRUSTED_PROXY);
        // no space: the JVM options reach Payara Micro as one string split at spaces
        settings.put("warden.cors.allowed-origins", UI_ORIGIN + ",HTTP://LocalHost:3000/"); // CrossOriginIT
        settings.put("warden.legacy-api-keys.role", LEGACY_ROLE);
        // The retention purge wakes up every few seconds, so AuditIT can watch it delete.
        settings.put("warden.audit.purge-interval", "PT3S");
        settings.put("warden.session.purge-interval", "PT3S");
        // the trigrams most users share, sampled every few seconds: searches leave them out (UserSearchIT)
        settings.put("warden.users.search-statistics-interval", "PT3S");
        // Every test logs in from this one address: the limit is ClusterLimitsIT's to test.
        settings.put("warden.rate-limit.auth-per-minute", "1000000");
        List<String> options = new ArrayList<>(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl", WardenProcess.HEADER_VALUES,
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        options.addAll(ServerLocale.options());
        settings.forEach((key, value) -> options.add("-D" + key + "=" + value));
        // the encryption key, the first admin's password and the legacy keys come from the
        // environment failsafe gives this JVM (pom.xml), which Payara Micro inherits
        for (String secret : List.of("WARDEN_ENCRYPTION_KEY", "WARDEN_BOOTSTRAP_ADMIN_PASSWORD", "WARDEN_LEGACY_API_KEYS")) {
            if (System.getenv(secret) == null) {
                throw new IllegalStateException(secret + " is not set: run the tests with mvn verify (pom.xml sets it)");
            }
        }
        System.setProperty("payara.cmdOptions", String.join(" ", options));
        System.setProperty(JVM_OPTIONS, String.join(" ", options));
        try {
            java.nio.file.Files.createDirectories(SHARED_LOG.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // its log also goes to a file of its own, written as it happens, for SecretsInLogsIT
        System.setProperty("payara.extraMicroOptions", "--nohazelcast --disablephonehome --addlibs " + WardenProcess.LISTENER_LIBRARY
                + " --prebootcommandfile " + WardenProcess.LISTENER_SETTINGS
                + " --logtofile " + SHARED_LOG);
    }

    /** Whether this run deploys to WildFly (failsafe's "wildfly" execution) instead of Payara Micro. */
    public static boolean onWildFly() {
        return "wildfly".equals(System.getProperty("arquillian.launch"));
    }

    /** The shared PostgreSQL, on its port and data (kept on close: a restart finds them again). */
    private static EmbeddedPostgres database() throws IOException {
        File work = new File(System.getProperty("java.io.tmpdir"), "pg");
        work.mkdirs();
        return DatabaseSettings.apply(EmbeddedPostgres.builder()).setOverrideWorkingDirectory(work).setPort(pgPort)
                .setDataDirectory(pgData.resolve("data")).setCleanDataDirectory(false).start();
    }

    /**
     * Stops the shared PostgreSQL as an operator or a failover would ({@code pg_ctl stop -m
     * fast}: open connections are cut), waits, and starts it again on the same port with
     * the same data.
     */
    public static synchronized void restartDatabase(java.time.Duration down) throws Exception {
        postgres.close();
        postgres = null;
        Thread.sleep(down.toMillis());
        postgres = database();
    }

    /** Holds the user's row in the connection's open transaction, as a concurrent change of it would. */
    public static void lockUserRow(java.sql.Connection c, String userId) throws java.sql.SQLException {
        c.setAutoCommit(false);
        try (java.sql.PreparedStatement lock = c.prepareStatement("select id from users where id = ?::uuid for update")) {
            lock.setString(1, userId);
            lock.executeQuery().close();
        }
    }

    /** An empty database of this name on this run's PostgreSQL, for a server of a test's own. */
    public static void freshDatabase(String database) throws java.sql.SQLException {
        start();
        try (java.sql.Connection c = db().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database);
            s.execute("create database " + database);
        }
    }

    /**
     * The settings of a server of a test's own ({@link WardenProcess}) on this run's PostgreSQL,
     * in the named database: the shared server's encryption key, bcrypt cost and first admin.
     */
    public static Map<String, String> serverSettings(String database) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", jdbcUrl().replaceFirst("/postgres$", "/" + database));
        settings.put("warden.db.user", "postgres");
        settings.put("warden.encryption.key", ENCRYPTION_KEY);
        settings.put("warden.password.bcrypt-cost", String.valueOf(BCRYPT_COST));
        settings.put("warden.bootstrap.admin.username", ADMIN_USERNAME);
        settings.put("warden.bootstrap.admin.email", ADMIN_EMAIL);
        settings.put("warden.bootstrap.admin.password", ADMIN_PASSWORD);
        return settings;
    }

    /** The SMTP server the shared deployment sends to. */
    public static com.icegreen.greenmail.util.GreenMail mail() {
        start();
        return smtp;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public static DataSource db() {
        start();
        return postgres.getPostgresDatabase();
    }

    /** One value of the first row, or null. */
    public static Object queryValue(String sql, Object... params) {
        try (Connection c = db().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... params) {
        try (Connection c = db().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            int changed = s.executeUpdate();
            changedBehindWardensBack(c);
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Moves the cache epoch on, again after a serialization failure: the test PostgreSQL runs
     * every transaction serializable ({@link DatabaseSettings}), so this update failed with
     * 40001 when an instance moved the epoch at the same moment (MailSessionIT, 2026-12-08,
     * after its {@code CREATE DATABASE} had succeeded).
     */
    private static long nextEpoch(java.sql.Statement s) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (var rs = s.executeQuery("update cache_epoch set epoch = epoch + 1 where id = 1 returning epoch")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                if (!"40001".equals(e.getSQLState()) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * A test that changes Warden's data directly (an expiry backdated, say) does what Warden
     * does after each change its instances may hold in memory (ClusterCache): it raises the
     * shared epoch, notifies, and waits until every live instance has acknowledged it.
     */
    public static void changedBehindWardensBack(Connection c) throws SQLException {
        long epoch;
        try (var s = c.createStatement()) {
            if (!s.executeQuery("select 1 from information_schema.tables where table_name = 'cache_epoch'").next()) {
                return;
            }
            epoch = nextEpoch(s);
            s.execute("select pg_notify('warden_cache', '')");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var s = c.prepareStatement("select count(*) from cache_instances where seen_epoch < ? "
                    + "and heartbeat_at > current_timestamp - interval '2' second")) {
                s.setLong(1, epoch);
                var rs = s.executeQuery();
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
