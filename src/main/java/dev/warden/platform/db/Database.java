package dev.warden.platform.db;

import dev.warden.platform.control.EnvironmentSettings;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The application's datasource. {@code ${MPCONFIG=...}} only sees system properties and
 * environment variables (PLATFORM-NOTES 4), so the defaults are written here: an H2
 * file under {@code ~/.warden/data} that keeps its data across restarts. AUTO_SERVER
 * lets the create-admin tool open the same file while Warden runs.
 * <p>
 * The pool survives the database going away (a restart, a failover, a network blip):
 * every connection is validated ({@code Connection.isValid}) before it is handed out,
 * and one failed validation closes every pooled connection, so after an outage the
 * pool refills with live connections instead of handing out dead ones; against a database
 * that froze (no answer, no reset) this turns one socket timeout per pooled connection
 * into one in all (DatabaseOutageIT). A request
 * waits at most {@code warden.db.acquire-timeout-ms} for a connection (Payara's
 * default is a minute), and connecting to the database is bounded by the same time;
 * either failure answers 503 ({@code DatabaseStatus}).
 * <p>
 * Validating every checkout costs a round trip per transaction. Validating at most once
 * a second ({@code validate-atmost-once-period-in-seconds}) was tried: after a database
 * restart the pool then enlists dead connections, which Payara logs as a SEVERE stack
 * trace per request (DatabaseOutageIT), so it stays off. Connections are not matched
 * ({@code match-connections=false}): there is one user, any pooled connection will do.
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "dev.warden.platform.db.WardenDataSource",
        url = "${MPCONFIG=warden.db.url:" + Database.DEFAULT_URL_NAME + "}",
        user = "${MPCONFIG=warden.db.user:sa}",
        password = "${MPCONFIG=warden.db.password: }",
        minPoolSize = 2,
        maxPoolSize = 32,
        maxIdleTime = 300,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
                "fish.payara.fail-all-connections=true",
                "fish.payara.match-connections=false",
                "fish.payara.connection-creation-retry-attempts=0",
                "fish.payara.max-wait-time-in-millis=${MPCONFIG=warden.db.acquire-timeout-ms:"
                        + Database.DEFAULT_ACQUIRE_TIMEOUT_MS + "}",
                "connectTimeoutMillis=${MPCONFIG=warden.db.acquire-timeout-ms:"
                        + Database.DEFAULT_ACQUIRE_TIMEOUT_MS + "}",
                "statementTimeoutMillis=${MPCONFIG=warden.db.statement-timeout-ms:"
                        + WardenDataSource.DEFAULT_STATEMENT_TIMEOUT_MILLIS + "}"
        })
@ApplicationScoped
public class Database {

    public static final String DEFAULT_ACQUIRE_TIMEOUT_MS = "5000";
    public static final long DEFAULT_STATEMENT_TIMEOUT_MS = WardenDataSource.DEFAULT_STATEMENT_TIMEOUT_MILLIS;
    public static final String JNDI_NAME = "java:app/jdbc/warden";
    /**
     * What the datasource definition names the default URL by ({@link WardenDataSource}
     * puts {@link #DEFAULT_URL} in its place): a URL with {@code ;} options in the definition
     * is taken apart by WildFly into properties the data source has no setters for.
     */
    static final String DEFAULT_URL_NAME = "embedded-default";
    public static final String DEFAULT_URL =
            "jdbc:h2:file:~/.warden/data/warden;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";

    /**
     * A setting as {@code ${MPCONFIG=...}} above reads it: a system property, else the
     * environment variable of the MicroProfile Config forms ({@code WARDEN_DB_URL}; see
     * {@link EnvironmentSettings}). Code that must reach the same database as the pool reads
     * the settings this way.
     */
    public static String setting(String key) {
        String value = System.getProperty(key);
        return value != null ? value : EnvironmentSettings.read(key);
    }

    /** An H2 database inside this process; an H2 server ({@code tcp:}, {@code ssl:}) is as remote as PostgreSQL. */
    public static boolean embedded(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    /**
     * Where an embedded H2 database keeps its files: the path its file names start with
     * ({@code ~/.warden/data/warden} for {@code warden.mv.db}); empty for an in-memory or
     * a remote database.
     */
    public static Optional<Path> embeddedFiles(String url) {
        if (!embedded(url) || url.startsWith("jdbc:h2:mem:")) {
            return Optional.empty();
        }
        String path = url.substring("jdbc:h2:".length());
        path = path.startsWith("file:") ? path.substring("file:".length()) : path;
        int semicolon = path.indexOf(';');
        path = semicolon < 0 ? path : path.substring(0, semicolon);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Optional.of(Path.of(path).toAbsolutePath());
    }

    /**
     * Makes the embedded database's folder and files owner-only (0700 / 0600): they hold
     * password hashes and sealed keys, and H2 creates them with the process umask. Nothing
     * to do for any other database.
     */
    public static void restrictEmbeddedFiles() {
        Optional<Path> base = embeddedFiles(url());
        if (base.isEmpty()) {
            return;
        }
        Path folder = base.get().getParent();
        String prefix = base.get().getFileName() + ".";
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (UnsupportedOperationException | IOException e) {
            Logger.getLogger(Database.class.getName())
                    .warning("Could not make the embedded database owner-only in " + folder + ": " + e);
        }
    }

    /** The database URL the pool uses. */
    public static String url() {
        String url = setting("warden.db.url");
        return url == null || url.isBlank() || url.trim().equals(DEFAULT_URL_NAME) ? DEFAULT_URL : url.trim();
    }

    /** Whether the pool's database is PostgreSQL (otherwise H2, embedded or a server). */
    public static boolean postgres() {
        return url().startsWith("jdbc:postgresql:");
    }

    /**
     * A connection source beside the pool, without the pool's socket timeout: schema
     * migrations may run for minutes on a large table (an index build), which is not a
     * database that stopped answering.
     */
    public static DataSource unpooled() {
        return WardenDataSource.create(url(), setting("warden.db.user"), setting("warden.db.password"));
    }

    /**
     * The connection source of the schema migrations: as {@code warden.db.migration-user}
     * (with {@code warden.db.migration-password}) where set, so that the user of the requests
     * ({@code warden.db.user}) needs no right to create, alter or drop anything; else as that
     * user ({@link #unpooled()}).
     */
    public static DataSource forMigrations() {
        String owner = setting(MIGRATION_USER);
        return owner == null || owner.isBlank() ? unpooled()
                : WardenDataSource.create(url(), owner.trim(), setting("warden.db.migration-password"));
    }

    /** The user of the requests where another one migrates ({@link #forMigrations()}): the user the migrations' user grants the tables' use to. */
    public static Optional<String> separateRequestUser() {
        String owner = setting(MIGRATION_USER);
        String user = setting("warden.db.user");
        if (owner == null || owner.isBlank() || user == null || user.isBlank() || owner.trim().equals(user.trim())) {
            return Optional.empty();
        }
        return Optional.of(user.trim());
    }

    public static final String MIGRATION_USER = "warden.db.migration-user";

    @Resource(lookup = JNDI_NAME)
    DataSource dataSource;

    @Produces
    @WardenDb
    DataSource dataSource() {
        return dataSource;
    }
}
