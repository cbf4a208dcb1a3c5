package dev.warden.platform.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a watcher round brings the views up to a new epoch (keyed changes drop just their
 * entries; anything it cannot account for drops everything), and that a load racing such
 * a drop does not stay. On the V11 migration's table in an in-memory H2; the cluster behaviour itself
 * is ClusterRevocationIT's.
 */
class ClusterCacheTest {

    private static final String VIEW = "own-user-views";
    private Connection db;
    private final UUID changed = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @BeforeEach
    void table() throws Exception {
        db = DriverManager.getConnection("jdbc:h2:mem:cache-" + UUID.randomUUID());
        try (Statement s = db.createStatement(); var sql = ClusterCacheTest.class.getResourceAsStream(
                "/META-INF/db/migration/V11__cache_changes.sql")) {
            s.execute(new String(sql.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void recorded(long epoch, String view, UUID key) throws Exception {
        try (PreparedStatement s = db.prepareStatement(
                "INSERT INTO cache_changes (epoch, view_name, view_key) VALUES (?, ?, ?)")) {
            s.setLong(1, epoch);
            s.setString(2, view);
            s.setString(3, key.toString());
            s.executeUpdate();
        }
    }

    private CacheGeneration holding(long epoch) {
        CacheGeneration generation = new CacheGeneration(epoch);
        ConcurrentHashMap<Object, Object> users = new ConcurrentHashMap<>();
        users.put(changed, "before");
        users.put(other, "other");
        generation.views.put(VIEW, users);
        ConcurrentHashMap<Object, Object> sessions = new ConcurrentHashMap<>();
        sessions.put(changed, "a session");
        generation.views.put("active-sessions", sessions);
        return generation;
    }

    @Test
    void keyedChangesDropJustTheirEntriesOfTheirView() throws Exception {
        CacheGeneration generation = holding(10);
        recorded(11, VIEW, changed);
        recorded(12, "active-sessions", other);
        assertTrue(generation.catchUp(db, 12));
        assertEquals(12, generation.epoch);
        assertFalse(generation.views.get(VIEW).containsKey(changed));
        assertEquals("other", generation.views.get(VIEW).get(other));
        assertEquals("a session", generation.views.get("active-sessions").get(changed), "another view's entry");
        assertEquals(1, generation.removals.get());
    }

    @Test
    void anEpochWithoutARecordIsAChangeOfEverything() throws Exception {
        CacheGeneration generation = holding(10);
        recorded(11, VIEW, changed);
        // 12: invalidate() of everything records nothing
        recorded(13, VIEW, other);
        assertFalse(generation.catchUp(db, 13));
    }

    @Test
    void unknownStartsTooLongGapsAndEpochsGoingBackDropEverything() throws Exception {
        assertFalse(holding(-1).catchUp(db, 1));
        assertFalse(holding(10).catchUp(db, 10 + CacheGeneration.MAX_KEYED_STEPS + 1));
        assertFalse(holding(10).catchUp(db, 9));
        CacheGeneration unchanged = holding(10);
        assertTrue(unchanged.catchUp(db, 10));
        assertEquals(0, unchanged.removals.get());
        assertEquals(2, unchanged.views.get(VIEW).size());
    }

    @Test
    void aLoadThatRacedADropIsNotKept() throws Exception {
        ClusterCache cut = new ClusterCache();
        cut.generation = new CacheGeneration(10);
        cut.leaseUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        recorded(11, VIEW, changed);
        AtomicInteger loads = new AtomicInteger();

        // the change commits and the watcher drops the entry while the value is being read
        Optional<String> first = cut.get(VIEW, changed, key -> {
            loads.incrementAndGet();
            try {
                cut.generation.catchUp(db, 11);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return Optional.of("read before the change");
        });
        assertEquals(Optional.of("read before the change"), first, "this request still gets what it read");
        cut.get(VIEW, changed, key -> {
            loads.incrementAndGet();
            return Optional.of("after");
        });
        assertEquals(2, loads.get(), "the raced value was not kept: the next request reads again");
        assertEquals(Optional.of("after"), cut.get(VIEW, changed, key -> Optional.of("not read")),
                "an undisturbed load is kept");
    }

    @Test
    void aViewHoldsAtMostItsBound() {
        ClusterCache cut = new ClusterCache();
        cut.generation = new CacheGeneration(1);
        cut.leaseUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (int i = 0; i < ClusterCache.MAX_ENTRIES_PER_VIEW + 10; i++) {
            cut.get(VIEW, UUID.randomUUID(), key -> Optional.of("x"));
        }
        assertEquals(ClusterCache.MAX_ENTRIES_PER_VIEW, cut.generation.views.get(VIEW).size());
    }

    @Test
    void withoutALeaseNothingIsKept() {
        ClusterCache cut = new ClusterCache();
        cut.generation = new CacheGeneration(1);
        cut.leaseUntil = System.nanoTime() - 1;
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            cut.get(VIEW, changed, key -> {
                loads.incrementAndGet();
                return Optional.of("x");
            });
        }
        assertEquals(2, loads.get());
    }
}
