package dev.warden.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The PostgreSQL of {@link DatabaseOutageIT}: a cluster of its own in a folder, on a port of
 * its own, that a test stops, starts again (same port, same data) or freezes, so that no
 * other test is disturbed.
 */
final class OutageDatabase implements AutoCloseable {

    private final Path data;
    private final int port;
    private EmbeddedPostgres postgres;
    private final List<Long> frozen = new ArrayList<>();

    OutageDatabase(Path folder) throws IOException {
        this.data = folder.resolve("pgdata");
        this.port = WardenProcess.freePort();
        start();
    }

    int port() {
        return port;
    }

    boolean running() {
        return postgres != null;
    }

    /** Starts (or restarts) the same cluster on the same port, keeping its data. */
    void start() throws IOException {
        postgres = DatabaseSettings.apply(EmbeddedPostgres.builder())
                .setOverrideWorkingDirectory(new File(System.getProperty("java.io.tmpdir"), "pg"))
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /** {@code pg_ctl stop -m fast}, as an operator or a failover would: open connections are cut, new ones refused. */
    void stop() throws IOException {
        postgres.close();
        postgres = null;
    }

    /**
     * Freezes the database without closing anything: SIGSTOP to the postmaster, then to
     * every backend. Its socket still takes connections (the kernel's listen queue), but
     * nothing answers on any of them: a frozen server, a stalled disk, a network that drops
     * packets without a reset.
     */
    void freeze() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        frozen.add(postmaster);
        // the postmaster first, so that no backend is forked after the list below
        assertEquals(0, signal("STOP", List.of(postmaster)), "kill -STOP the postmaster");
        List<Long> backends = ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid).toList();
        frozen.addAll(backends);
        signal("STOP", backends); // one that ended since the list was taken is no failure
    }

    /** Lets a frozen database go on where it stopped. */
    void thaw() throws Exception {
        if (!frozen.isEmpty()) {
            signal("CONT", frozen);
            frozen.clear();
        }
    }

    /** kill's exit status: not 0 when one of the processes was gone; the others got the signal all the same. */
    private static int signal(String name, List<Long> pids) throws Exception {
        if (pids.isEmpty()) {
            return 0;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    /** A connection of a client of its own to this database. */
    Connection connect(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    /** The single number a query of this database answers. */
    long query(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Makes every transaction of the cluster read-only, or writable again, as a standby is
     * to its clients (ALTER SYSTEM and a reload: sessions already open take it too).
     */
    void readOnly(boolean on) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(on ? "alter system set default_transaction_read_only = on" : "alter system reset default_transaction_read_only");
            s.execute("select pg_reload_conf()");
        }
    }

    /**
     * Sets (or, with null, resets) one setting for the whole cluster, as a DBA would in
     * postgresql.conf (ALTER SYSTEM and a reload: sessions already open take it too).
     */
    void setting(String name, String value) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(value == null ? "alter system reset " + name : "alter system set " + name + " = '" + value + "'");
            s.execute("select pg_reload_conf()");
        }
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
    }

    @Override
    public void close() throws Exception {
        thaw();
        if (postgres != null) {
            stop();
        }
    }
}
