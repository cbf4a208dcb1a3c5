package dev.warden.platform.db;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread per instance that keeps {@link ClusterCache}'s views true. On a connection
 * of its own it reads the shared epoch and, when it moved, brings the views up to it
 * ({@link CacheGeneration#catchUp}, or a new generation); then it acknowledges the epoch
 * with a heartbeat in {@code cache_instances}, takes a new lease, and reads the epoch
 * every live instance has acknowledged, which the changes waiting in
 * {@link ClusterCache} wait for. It does so when notified ({@code LISTEN} on PostgreSQL),
 * at once while a change waits, and at least every {@value ClusterCache#ROUND_MILLIS} ms.
 * A round that fails ends the lease: the views are bypassed until the connection is back.
 */
final class CacheWatcher {

    private static final Logger LOG = Logger.getLogger(CacheWatcher.class.getName());
    private static final int SOCKET_TIMEOUT_SECONDS = 10;
    private static final long STALE_INSTANCE_MINUTES = 60;
    private static final long CHANGES_KEPT_MINUTES = 10;
    /** Views are rebuilt at least this often: a change made in the database by hand shows within it. */
    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String instance = UUID.randomUUID().toString();
    private final ClusterCache cache;
    private final DatabaseStatus database;
    private volatile boolean running = true;
    private Thread thread;

    CacheWatcher(ClusterCache cache, DatabaseStatus database) {
        this.cache = cache;
        this.database = database;
    }

    void start(ManagedThreadFactory threads) {
        thread = threads.newThread(this::watch);
        thread.setName("warden-cache-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void watch() {
        long lastPurge = 0;
        while (running) {
            if (!database.isStarted()) {
                pause(ClusterCache.ROUND_MILLIS);
                continue;
            }
            // its own connection, bounded like the pool's: a database that stops answering ends
            // the round (and so the lease) instead of holding the watcher forever
            try (Connection c = WardenDataSource.create(Database.url(), Database.setting("warden.db.user"),
                    Database.setting("warden.db.password"), WardenDataSource.DEFAULT_CONNECT_TIMEOUT_SECONDS,
                    SOCKET_TIMEOUT_SECONDS).getConnection()) {
                c.setAutoCommit(true);
                boolean pg = ClusterCache.postgres();
                if (pg) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET statement_timeout = 5000");
                        s.execute("LISTEN " + ClusterCache.CHANNEL);
                    }
                }
                register(c);
                while (running) {
                    round(c);
                    if (System.nanoTime() - lastPurge > TimeUnit.MINUTES.toNanos(10)) {
                        purgeStale(c);
                        lastPurge = System.nanoTime();
                    }
                    if (cache.awaited()) {
                        pause(2);
                    } else if (pg) {
                        cache.wake.drainPermits();
                        c.unwrap(PGConnection.class).getNotifications((int) ClusterCache.ROUND_MILLIS);
                    } else {
                        cache.wake.tryAcquire(ClusterCache.ROUND_MILLIS, TimeUnit.MILLISECONDS);
                        cache.wake.drainPermits();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                cache.leaseUntil = System.nanoTime();
                LOG.log(Level.FINE, "Cache watcher lost its connection; views are bypassed until it is back", e);
                pause(ClusterCache.ROUND_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void round(Connection c) throws SQLException {
        long start = System.nanoTime();
        long epoch;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch FROM cache_epoch WHERE id = 1")) {
            rs.next();
            epoch = rs.getLong(1);
        }
        CacheGeneration current = cache.generation;
        if (System.nanoTime() - current.born > MAX_AGE_NANOS || !current.catchUp(c, epoch)) {
            cache.generation = new CacheGeneration(epoch);
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE cache_instances SET seen_epoch = ?, heartbeat_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            s.setLong(1, epoch);
            s.setString(2, instance);
            if (s.executeUpdate() == 0) {
                register(c);
            }
        }
        cache.leaseUntil = start + TimeUnit.MILLISECONDS.toNanos(ClusterCache.LEASE_MILLIS);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MIN(seen_epoch) FROM cache_instances"
                + " WHERE heartbeat_at > CURRENT_TIMESTAMP - INTERVAL '" + ClusterCache.LEASE_MILLIS / 1000 + "' SECOND")) {
            cache.clusterSaw(rs.next() ? rs.getLong(1) : epoch);
        }
    }

    private void register(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO cache_instances (id, seen_epoch, heartbeat_at) VALUES (?, -1, CURRENT_TIMESTAMP)")) {
            s.setString(1, instance);
            s.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) { // registered already
                throw e;
            }
        }
    }

    private void purgeStale(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM cache_instances WHERE heartbeat_at < CURRENT_TIMESTAMP - INTERVAL '"
                    + STALE_INSTANCE_MINUTES + "' MINUTE");
            s.executeUpdate("DELETE FROM cache_changes WHERE changed_at < CURRENT_TIMESTAMP - INTERVAL '"
                    + CHANGES_KEPT_MINUTES + "' MINUTE");
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
