package dev.warden.platform.db;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection WildFly's pool gets: it replaces itself after a connection error, never inside a transaction. */
class HealingConnectionTest {

    /** Physical connections that record their calls; those open when the database is cut fail from then on (08006). */
    private static final class Database {
        final List<List<String>> calls = new ArrayList<>();
        int deadUpTo;

        void cut() {
            deadUpTo = calls.size();
        }

        Connection open() {
            List<String> mine = new ArrayList<>();
            calls.add(mine);
            int generation = calls.size();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, args) -> {
                        mine.add(method.getName() + (args == null ? "" : "(" + args[0] + ")"));
                        if (generation <= deadUpTo && !method.getName().equals("close")) {
                            throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                        }
                        return method.getName().equals("isValid") ? Boolean.TRUE : null;
                    });
        }
    }

    @Test
    void inAutoCommitModeTheNextCallAfterTheCutGoesToANewConnection() throws SQLException {
        Database db = new Database();
        Connection c = HealingConnection.open(db::open);
        c.setReadOnly(true);
        db.cut();
        assertThrows(SQLException.class, c::createStatement);
        assertTrue(c.isValid(1));
        assertEquals(2, db.calls.size(), "a second physical connection");
        assertEquals(List.of("setReadOnly(true)", "setAutoCommit(true)", "isValid(1)"), db.calls.get(1));
        assertTrue(db.calls.get(0).contains("close"), "the dead one is closed");
    }

    @Test
    void insideATransactionItFailsUntilThePoolResetsAutoCommit() throws SQLException {
        Database db = new Database();
        Connection c = HealingConnection.open(db::open);
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        db.cut();
        assertThrows(SQLException.class, c::createStatement);
        SQLException lost = assertThrows(SQLException.class, c::createStatement);
        assertEquals("08003", lost.getSQLState());
        assertThrows(SQLException.class, c::commit);
        c.rollback(); // the transaction died with the connection: nothing to roll back
        assertEquals(1, db.calls.size(), "no new connection inside the transaction");
        c.setAutoCommit(true); // what the pool does when the connection comes back
        c.createStatement();
        assertEquals(2, db.calls.size());
        assertEquals(List.of("setTransactionIsolation(2)", "setAutoCommit(true)", "createStatement"), db.calls.get(1));
    }

    @Test
    void thePoolsResetWhileTheDatabaseIsStillAwayIsRememberedQuietly() throws SQLException {
        Database db = new Database();
        boolean[] down = {false};
        Connection c = HealingConnection.open(() -> {
            if (down[0]) {
                throw new SQLException("Connection to localhost:5432 refused.", "08001");
            }
            return db.open();
        }, 0);
        c.setAutoCommit(false);
        db.cut();
        down[0] = true;
        assertThrows(SQLException.class, c::createStatement);
        c.rollback();
        c.setAutoCommit(true); // the pool takes the connection back: no failure for it to log
        assertThrows(SQLException.class, c::createStatement, "still away: the call fails as the database does");
        c.setAutoCommit(false); // a transaction begins on it
        assertEquals("08003", assertThrows(SQLException.class, c::createStatement).getSQLState(),
                "nothing runs outside the transaction the pool believes in");
        c.setAutoCommit(true);
        down[0] = false;
        c.setAutoCommit(false); // the database is back: the next transaction gets a new connection
        c.createStatement();
        assertEquals(2, db.calls.size());
        assertEquals(List.of("setAutoCommit(false)", "createStatement"), db.calls.get(1));
    }

    /**
     * A frozen database is found out by one connection's socket timeout; the others, as
     * dead, must not cost a request that timeout each. They reconnect at their next safe
     * point; a transaction running on one is left alone.
     */
    @Test
    void oneLostConnectionMakesTheOthersReconnectAtTheirNextSafePoint() throws SQLException {
        Database lostOne = new Database();
        Database others = new Database();
        Connection first = HealingConnection.open(lostOne::open);
        Connection idle = HealingConnection.open(others::open);
        Connection inTransaction = HealingConnection.open(others::open);
        inTransaction.setAutoCommit(false);
        lostOne.cut();
        assertThrows(SQLException.class, first::createStatement);

        idle.createStatement();
        assertEquals(3, others.calls.size(), "the idle one reconnected before its next call");
        assertEquals(List.of("createStatement"), others.calls.get(2).subList(1, 2));
        assertTrue(others.calls.get(0).contains("close"), "and closed the connection it had");

        inTransaction.createStatement();
        inTransaction.commit();
        assertEquals(List.of("setAutoCommit(false)", "createStatement", "commit"), others.calls.get(1),
                "the running transaction finished on its connection");
        inTransaction.setAutoCommit(true); // the pool takes it back: a safe point
        assertEquals(4, others.calls.size());
        assertEquals(List.of("setAutoCommit(true)"), others.calls.get(3));

        Connection later = HealingConnection.open(others::open);
        later.createStatement();
        idle.createStatement();
        assertEquals(5, others.calls.size(), "connections opened after the loss are not suspect");
    }

    /**
     * A database that takes connections but never answers holds each try to reconnect for
     * the whole connect timeout: the calls that follow a failed try fail at once until the
     * pool hands the connection out again, so that a request pays that wait once, not once
     * per call.
     */
    @Test
    void afterAFailedReconnectTheNextCallsFailAtOnce() throws SQLException {
        Database db = new Database();
        int[] tries = {0};
        boolean[] down = {false};
        Connection c = HealingConnection.open(() -> {
            tries[0]++;
            if (down[0]) {
                throw new SQLException("Connection attempt timed out.", "08001");
            }
            return db.open();
        }, java.util.concurrent.TimeUnit.HOURS.toNanos(1));
        db.cut();
        down[0] = true;
        assertThrows(SQLException.class, c::createStatement); // found lost
        assertEquals(1, tries[0]);
        assertEquals("08001", assertThrows(SQLException.class, c::createStatement).getSQLState());
        assertEquals(2, tries[0], "one try to reconnect");
        for (int i = 0; i < 3; i++) {
            assertEquals("08001", assertThrows(SQLException.class, () -> c.prepareStatement("select 1")).getSQLState(),
                    "as the database did: the request answers 503");
        }
        c.setAutoCommit(true); // the pool's reset
        c.getWarnings();
        c.endRequest();
        assertEquals(2, tries[0], "no further try for the same request");
        c.beginRequest(); // the pool hands it out to the next request
        down[0] = false;
        c.createStatement();
        assertEquals(3, tries[0], "the next request tries again, and the database is back");
        assertEquals(2, db.calls.size());
    }

    @Test
    void aResetThatFailsForAnotherReasonIsReported() {
        Database db = new Database();
        int[] opened = {0};
        assertThrows(SQLException.class, () -> {
            Connection c = HealingConnection.open(() -> {
                if (opened[0]++ > 0) {
                    throw new SQLException("password authentication failed", "28P01");
                }
                return db.open();
            });
            db.cut();
            assertThrows(SQLException.class, c::createStatement);
            c.setAutoCommit(true);
        });
    }

    @Test
    void otherFailuresLeaveTheConnectionAlone() throws SQLException {
        Database db = new Database();
        Connection failing = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    throw new SQLException("duplicate key", "23505");
                });
        Connection c = HealingConnection.open(() -> db.calls.isEmpty() ? record(db, failing) : db.open());
        assertThrows(SQLException.class, c::createStatement);
        assertThrows(SQLException.class, c::createStatement);
        assertEquals(1, db.calls.size(), "a constraint violation is no reason to reconnect");
        assertTrue(HealingConnection.connectionLost(new SQLException("shutdown", "57P01")));
        assertTrue(!HealingConnection.connectionLost(new SQLException("syntax", "42601")));
    }

    private static Connection record(Database db, Connection connection) {
        db.calls.add(new ArrayList<>());
        return connection;
    }
}
