package dev.warden.platform.db;

import com.fasterxml.jackson.databind.type.TypeFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationsTest {

    /**
     * Flyway reads its configuration with the server's Jackson, whose default type factory is
     * one for the whole server: its cache kept every redeployed WAR's Flyway classes, and
     * with them the WAR's class loader, on Payara Server.
     */
    @Test
    void migratingLeavesNoTypeInJacksonsSharedCache() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:migrations-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");

        Migrations.migrate(h2, Migrations.class.getClassLoader());

        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
             ResultSet tables = s.executeQuery("select count(*) from information_schema.tables where table_schema = 'PUBLIC' and table_name = 'USERS'")) {
            tables.next();
            assertEquals(1, tables.getInt(1), "the schema is there");
        }
        assertEquals(0, cachedTypes(), "nothing of the WAR's is left in Jackson's shared type cache");
    }

    /** Start-up tells a new database from one that lost its development key file by this answer. */
    @Test
    void saysWhetherItMadeTheSchema() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:migrations-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");

        assertTrue(Migrations.migrate(h2, Migrations.class.getClassLoader()), "an empty database: made now");
        assertFalse(Migrations.migrate(h2, Migrations.class.getClassLoader()), "the schema was there");
    }

    @Test
    void theCacheIsReallyReadAndEmptied() throws Exception {
        TypeFactory.defaultInstance().constructType(MigrationsTest.class);
        assertTrue(cachedTypes() > 0, "a class asked about is cached");
        Migrations.forgetFlywaysTypes();
        assertEquals(0, cachedTypes());
    }

    private static int cachedTypes() throws Exception {
        Field cache = TypeFactory.class.getDeclaredField("_typeCache");
        cache.setAccessible(true);
        Object lookup = cache.get(TypeFactory.defaultInstance());
        return (int) lookup.getClass().getMethod("size").invoke(lookup);
    }
}
