package dev.warden.platform.db;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import javax.sql.DataSource;

/**
 * The application's datasource. {@code ${MPCONFIG=...}} only sees system properties and
 * environment variables (PLATFORM-NOTES 4), so the defaults are written here: an H2
 * file under {@code ~/.warden/data} that keeps its data across restarts. AUTO_SERVER
 * lets the create-admin tool open the same file while Warden runs.
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "dev.warden.platform.db.WardenDataSource",
        url = "${MPCONFIG=warden.db.url:" + Database.DEFAULT_URL + "}",
        user = "${MPCONFIG=warden.db.user:sa}",
        password = "${MPCONFIG=warden.db.password: }",
        minPoolSize = 2,
        maxPoolSize = 32,
        maxIdleTime = 300)
@ApplicationScoped
public class Database {

    public static final String JNDI_NAME = "java:app/jdbc/warden";
    public static final String DEFAULT_URL =
            "jdbc:h2:file:~/.warden/data/warden;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";

    @Resource(lookup = JNDI_NAME)
    DataSource dataSource;

    @Produces
    @WardenDb
    DataSource dataSource() {
        return dataSource;
    }
}
