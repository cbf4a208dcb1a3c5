package dev.warden.platform.db;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The timeouts the pooled PostgreSQL connections get, and that the URL can override them. */
class WardenDataSourceTest {

    private static PGSimpleDataSource pooled(String url, String acquireTimeoutMillis) throws Exception {
        WardenDataSource cut = new WardenDataSource();
        cut.setUrl(url);
        cut.setConnectTimeoutMillis(acquireTimeoutMillis);
        return cut.unwrap(PGSimpleDataSource.class);
    }

    @Test
    void pooledConnectionsGiveUpOnASilentDatabase() throws Exception {
        PGSimpleDataSource pg = pooled("jdbc:postgresql://db:5432/warden", "2500");
        assertEquals(3, pg.getConnectTimeout(), "rounded up to whole seconds");
        assertEquals(3, pg.getLoginTimeout());
        assertEquals(WardenDataSource.POOLED_SOCKET_TIMEOUT_SECONDS, pg.getSocketTimeout());
    }

    @Test
    void theUrlWins() throws Exception {
        PGSimpleDataSource pg = pooled("jdbc:postgresql://db:5432/warden?socketTimeout=120&connectTimeout=9", "2000");
        assertEquals(120, pg.getSocketTimeout());
        assertEquals(9, pg.getConnectTimeout());
        assertEquals(2, pg.getLoginTimeout());
    }

    /**
     * WildFly hands over the definition's default (it reads ${MPCONFIG=...} as its own
     * syntax); another server might hand over the text: the setting wins either way.
     */
    @Test
    void theSettingWinsOverWhatTheServerHandsOver() {
        System.setProperty("warden.test.configured", "jdbc:postgresql://db:5432/from-setting");
        try {
            assertEquals("jdbc:postgresql://db:5432/from-setting",
                    WardenDataSource.configured("warden.test.configured", "embedded-default"));
            assertEquals("jdbc:postgresql://db:5432/from-setting",
                    WardenDataSource.configured("warden.test.configured", "${MPCONFIG=warden.test.configured:x}"));
        } finally {
            System.clearProperty("warden.test.configured");
        }
        assertEquals("jdbc:h2:mem:default;MODE=PostgreSQL", WardenDataSource.configured("warden.test.unset",
                "${MPCONFIG=warden.test.unset:jdbc:h2:mem:default;MODE=PostgreSQL}"));
        assertEquals(" ", WardenDataSource.configured("warden.test.unset", "${MPCONFIG=warden.test.unset: }"));
        assertEquals(null, WardenDataSource.configured("warden.test.unset", "${MPCONFIG=warden.test.unset}"));
        assertEquals("sa", WardenDataSource.configured("warden.test.unset", "sa"), "a resolved value stays");
    }

    @Test
    void theDefinitionsNameOfTheDefaultUrlIsTheDefaultUrl() {
        WardenDataSource cut = new WardenDataSource();
        cut.setUrl("${MPCONFIG=warden.db.url:" + Database.DEFAULT_URL_NAME + "}");
        assertEquals(Database.url(), cut.getUrl());
        cut.setUrl(Database.DEFAULT_URL_NAME);
        assertEquals(Database.url(), cut.getUrl());
    }

    @Test
    void migrationsHaveNoSocketTimeout() throws Exception {
        PGSimpleDataSource pg = WardenDataSource.create("jdbc:postgresql://db:5432/warden", "u", "p")
                .unwrap(PGSimpleDataSource.class);
        assertEquals(0, pg.getSocketTimeout());
    }

    @Test
    void aTimeoutThatIsNotANumberIsRefused() {
        assertThrows(IllegalStateException.class, () -> new WardenDataSource().setConnectTimeoutMillis("5s"));
    }

    @Test
    void theDialectFollowsTheUrl() {
        assertEquals("org.hibernate.dialect.PostgreSQLDialect", WardenPersistenceProvider.dialectFor("jdbc:postgresql://db/w"));
        assertEquals("org.hibernate.dialect.H2Dialect", WardenPersistenceProvider.dialectFor(Database.DEFAULT_URL));
        assertThrows(IllegalStateException.class, () -> WardenPersistenceProvider.dialectFor("jdbc:mysql://db/w"));
    }

    /**
     * Every connection runs READ COMMITTED whatever the database's default (a DBA's
     * serializable turned concurrent logins and refreshes into 500s), after the URL's own
     * server options, which are kept; the pool's statement timeout comes after both, and
     * no lock timeout but that one (a DBA's shorter one answered a login racing a password
     * change 503), unless the URL sets its own.
     */
    @Test
    void everyConnectionIsReadCommittedAndTheUrlsOptionsAreKept() throws Exception {
        PGSimpleDataSource migrations = WardenDataSource.create("jdbc:postgresql://db:5432/warden", "u", "p")
                .unwrap(PGSimpleDataSource.class);
        assertEquals("-c default_transaction_isolation=read\\ committed", migrations.getOptions());
        PGSimpleDataSource pg = pooled("jdbc:postgresql://db:5432/warden?options=-c%20search_path%3Dwarden", "2000");
        assertEquals("-c search_path=warden -c default_transaction_isolation=read\\ committed -c statement_timeout=5000"
                + " -c lock_timeout=0", pg.getOptions());
        PGSimpleDataSource own = pooled("jdbc:postgresql://db:5432/warden?options=-c%20lock_timeout%3D3s", "2000");
        assertEquals("-c lock_timeout=3s -c default_transaction_isolation=read\\ committed -c statement_timeout=5000",
                own.getOptions());
    }
}
