package dev.warden.platform.db;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * In-memory views of shared state that stay true on every instance: a view answers from
 * memory only while this instance provably keeps up with every change, and a change that
 * invalidates views does not answer its caller before every live instance dropped them.
 * Used where a database read on every request would be the cost of the request (whether
 * an access token's session is still active).
 * <ul>
 * <li>A change calls {@link #invalidate()} in its transaction: it raises the one shared
 * epoch ({@code cache_epoch}, a row lock, so epochs commit in order) and, on PostgreSQL,
 * notifies the other instances ({@code NOTIFY}). A change that concerns one entry of one
 * view calls {@link #invalidate(String, UUID)} instead: the same, and the entry is
 * recorded with its epoch in {@code cache_changes}.</li>
 * <li>Each instance runs one watcher ({@link CacheWatcher}) on its own connection: it
 * reads the epoch and, when it moved, drops the entries recorded for every epoch in
 * between, or every view if one of those epochs has no record (a change of everything,
 * or records already purged); then it acknowledges the epoch with a heartbeat in
 * {@code cache_instances}. It does so when notified and at least every
 * {@value #ROUND_MILLIS} ms.</li>
 * <li>Views are used only within {@value #LEASE_MILLIS} ms from the start of the last
 * round that succeeded (the lease): an instance that lost its database connection, or
 * whose watcher stalls, reads the database again within that time.</li>
 * <li>Once the change committed, its request waits until every instance whose heartbeat
 * is within the lease acknowledged the epoch (milliseconds when all are well), and at
 * most until every lease taken before the commit ran out: an instance that acknowledged
 * nothing has stopped using its views by then.</li>
 * </ul>
 * Views are also dropped every 60 s, so that a change made in the database by hand (not
 * through Warden) shows within a minute. A value loaded from the database enters the
 * generation that was current before the load began; if the views were dropped meanwhile it lands in the discarded generation,
 * and if entries were dropped meanwhile it is taken out again, so a read that raced a
 * change cannot outlive it.
 */
@ApplicationScoped
public class ClusterCache {

    private static final Logger LOG = Logger.getLogger(ClusterCache.class.getName());
    static final long LEASE_MILLIS = 2_000;
    static final long ROUND_MILLIS = 250;
    static final String CHANNEL = "warden_cache";
    private static final String PENDING = ClusterCache.class.getName() + ".epoch";

    /**
     * Entries one view holds at most; beyond that, further values are read from the database
     * each time until the views are next dropped (at the latest after a minute). Bounds the
     * memory: a user's own view is ~1 KB, an active session ~100 bytes.
     */
    static final int MAX_ENTRIES_PER_VIEW = 20_000;

    /** Released by a change that waits: the watcher goes round at once. */
    final Semaphore wake = new Semaphore(0);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition acknowledged = lock.newCondition();
    volatile CacheGeneration generation = new CacheGeneration(-1);
    volatile long leaseUntil;
    /** The highest epoch every live instance has acknowledged, as this instance last read it. */
    private volatile long clusterSeen = -1;
    private volatile int waiting;
    private CacheWatcher watcher;

    @PersistenceContext
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Resource
    ManagedThreadFactory threads;

    @jakarta.inject.Inject
    DatabaseStatus database;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        watcher = new CacheWatcher(this, database);
        watcher.start(threads);
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            watcher.stop();
        }
    }

    /**
     * The value of {@code key} in the named view: from memory while the lease holds, else
     * (and on a miss) from {@code load}. An empty load is not remembered.
     */
    @SuppressWarnings("unchecked")
    public <K, V> Optional<V> get(String view, K key, Function<K, Optional<V>> load) {
        CacheGeneration current = generation;
        boolean usable = System.nanoTime() < leaseUntil;
        if (usable) {
            var values = current.views.get(view);
            Object known = values == null ? null : values.get(key);
            if (known != null) {
                return Optional.of((V) known);
            }
        }
        long removals = current.removals.get();
        Optional<V> loaded = load.apply(key);
        if (usable && loaded.isPresent()) {
            var values = current.views.computeIfAbsent(view, v -> new ConcurrentHashMap<>());
            if (values.size() < MAX_ENTRIES_PER_VIEW) {
                values.put(key, loaded.get());
                // the watcher counts before it drops entries: a load that raced a drop takes itself out
                if (current.removals.get() != removals) {
                    values.remove(key, loaded.get());
                }
            }
        }
        return loaded;
    }

    /**
     * Drops every view on every instance once the current transaction commits, before its
     * request answers. Call it after the change's own writes (the epoch row lock is the
     * last lock the transaction takes).
     */
    public void invalidate() {
        afterCommit(nextEpoch());
    }

    /**
     * Drops one entry ({@code key}) of the named view on every instance once the current
     * transaction commits, before its request answers; the other entries stay. Call it
     * after the change's own writes, as {@link #invalidate()}.
     */
    public void invalidate(String view, UUID key) {
        long epoch = nextEpoch();
        em.createNativeQuery("INSERT INTO cache_changes (epoch, view_name, view_key) VALUES (?1, ?2, ?3)")
                .setParameter(1, epoch).setParameter(2, view).setParameter(3, key.toString()).executeUpdate();
        afterCommit(epoch);
    }

    private long nextEpoch() {
        em.flush(); // the change's own row locks first, the epoch's last: no lock-order deadlock
        em.createNativeQuery("UPDATE cache_epoch SET epoch = epoch + 1 WHERE id = 1").executeUpdate();
        return ((Number) em.createNativeQuery("SELECT epoch FROM cache_epoch WHERE id = 1").getSingleResult())
                .longValue();
    }

    private void afterCommit(long epoch) {
        if (postgres()) {
            em.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', '')").getSingleResult();
        }
        // One wait per transaction, for its last epoch. The registry cannot be read once the
        // transaction has completed, so the synchronization carries the epoch itself.
        AfterCommit pending = (AfterCommit) transactions.getResource(PENDING);
        if (pending == null) {
            pending = new AfterCommit();
            transactions.putResource(PENDING, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        pending.epoch = epoch;
    }

    /** Waits, once the transaction has committed, until every instance dropped its views. */
    private final class AfterCommit implements Synchronization {
        private volatile long epoch;

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                awaitEverywhere(epoch);
            }
        }
    }

    /** Blocks until every live instance has seen {@code epoch}, or every older lease ran out. */
    private void awaitEverywhere(long epoch) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS + ROUND_MILLIS);
        lock.lock();
        try {
            waiting++;
            wake.release();
            while (clusterSeen < epoch) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warning("Not every instance acknowledged a change within " + (LEASE_MILLIS + ROUND_MILLIS)
                            + " ms; their leases have run out, so they read the database until they catch up");
                    return;
                }
                acknowledged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting--;
            lock.unlock();
        }
    }

    /** Whether a change waits for the instances' acknowledgements: the watcher then goes round at once. */
    boolean awaited() {
        return waiting > 0;
    }

    /** The watcher read that every live instance has acknowledged {@code seen}. */
    void clusterSaw(long seen) {
        if (seen != clusterSeen) {
            lock.lock();
            try {
                clusterSeen = seen;
                acknowledged.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    static boolean postgres() {
        return Database.postgres();
    }
}
