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
}
