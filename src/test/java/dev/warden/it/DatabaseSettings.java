package dev.warden.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.util.Map;

/**
 * The test PostgreSQL servers run as a DBA may have set them up, not with the defaults
 * Warden's code would silently rely on: every transaction serializable by default, and
 * intervals written in SQL-standard style. Warden must behave the same on such a server
 * ({@link ServerLocale} does the same for the JVMs). The server's time zone and date style
 * are not among them: the JDBC driver sets both on every connection (the JVM's zone, which
 * {@link ServerLocale} moves away from UTC, and ISO dates). Values have no spaces: the
 * embedded server's options reach it as one command line.
 */
final class DatabaseSettings {

    static final Map<String, String> SETTINGS = Map.of(
            "default_transaction_isolation", "serializable",
            "intervalstyle", "sql_standard",
            "lock_timeout", "200ms");

    private DatabaseSettings() {
    }

    static EmbeddedPostgres.Builder apply(EmbeddedPostgres.Builder builder) {
        SETTINGS.forEach(builder::setServerConfig);
        return builder;
    }
}
