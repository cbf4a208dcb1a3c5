package dev.warden.bench;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.warden.platform.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import javax.sql.DataSource;
import java.io.File;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The two shared stores issue 11 named for the rate limiter, measured doing the same job:
 * one sliding-window decision ("may this address log in now?") per request, for two
 * instances.
 * <ul>
 * <li><b>PostgreSQL</b> (fsync and synchronous_commit on, its defaults): what Warden does
 * ({@code RateWindows}): read the previous minute's count, insert the current window if
 * missing, raise it with one conditional UPDATE, commit; each thread with its own
 * connection, like a pool. Also with synchronous_commit off for these transactions (a
 * crash may forget the last moment's counts, never half a decision).</li>
 * <li><b>Hazelcast 5.3.8</b> (the version Payara 6.2025.10 embeds) through JCache: two
 * members in a cluster over loopback TCP, each thread using the member of "its" instance;
 * one {@code Cache.invoke} with an entry processor that makes the same decision
 * atomically on the key's owner (so about half the calls cross to the other member).</li>
 * </ul>
 * Decisions per second and the latency of one decision, with 2 and with 16 threads (half
 * per instance), over 10,000 client addresses; medians of 3 runs of 5 s. Everything runs
 * on this machine's cores, as a database beside Warden would. Writes
 * bench/RATE-LIMIT-ENGINES.md.
 * <pre>mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.warden.bench.RateLimitEngines</pre>
 */
public final class RateLimitEngines {

    private static final int RUNS = 3;
    private static final long RUN_MILLIS = 5_000;
    private static final int ADDRESSES = 10_000;
    private static final int LIMIT = 60;
    private static final long WINDOW_MS = 60_000;

    /** One decision for a bucket; each thread gets its own (its connection, its member). */
    private interface Decider extends AutoCloseable {
        boolean allow(String bucket, long now) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    private interface DeciderFactory {
        Decider forThread(int thread) throws Exception;
    }

    private record Result(long perSecond, double p50Micros, double p99Micros) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("hazelcast.logging.type", "none");
        Path out = Path.of(args.length > 0 ? args[0] : "bench/RATE-LIMIT-ENGINES.md");
        File work = Scratch.create("rate-limit-engines").toFile();
        StringBuilder table = new StringBuilder();
        // PostgreSQL's defaults (the embedded one starts with -F, fsync off, for tests)
        try (EmbeddedPostgres pg = WardenServer.durable(EmbeddedPostgres.builder().setOverrideWorkingDirectory(work))
                .start()) {
            DataSource db = pg.getPostgresDatabase();
            Migrations.migrate(db, RateLimitEngines.class.getClassLoader());
            row(table, "PostgreSQL, Warden's statements", thread -> postgres(db, true));
            row(table, "PostgreSQL, synchronous_commit=off", thread -> postgres(db, false));
        }
        HazelcastInstance a = member(5801);
        HazelcastInstance b = member(5802);
        try {
            Cache<String, Window> onA = cache(a, "a");
            Cache<String, Window> onB = cache(b, "b");
            row(table, "Hazelcast JCache, 2 members", thread -> (bucket, now) ->
                    (thread % 2 == 0 ? onA : onB).invoke(bucket, new Decide(), now, LIMIT));
        } finally {
            b.shutdown();
            a.shutdown();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        String text = "# Rate limiter: PostgreSQL or Hazelcast\n\n"
                + "`RateLimitEngines` (src/test/java/dev/warden/bench) on " + cores + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ": one sliding-window decision per request, " + ADDRESSES + " addresses, medians of " + RUNS
                + " runs of " + RUN_MILLIS / 1000 + " s; database, members and load on the same cores.\n\n"
                + "| store | threads | decisions/s | p50 | p99 |\n|---|---|---|---|---|\n" + table;
        Files.writeString(out, text);
        System.out.print(text);
        Scratch.remove(work.toPath());
    }

    private static void row(StringBuilder table, String name, DeciderFactory factory) throws Exception {
        for (int threads : new int[]{2, 16}) {
            measure(factory, threads); // warm-up
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                results.add(measure(factory, threads));
            }
            results.sort((x, y) -> Long.compare(x.perSecond(), y.perSecond()));
            Result median = results.get(RUNS / 2);
            table.append(String.format("| %s | %d | %,d | %.2f ms | %.2f ms |%n", name, threads, median.perSecond(),
                    median.p50Micros() / 1000, median.p99Micros() / 1000));
        }
    }

    private static Result measure(DeciderFactory factory, int threads) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                List<Long> mine = new ArrayList<>();
                try (Decider decider = factory.forThread(thread)) {
                    while (System.nanoTime() < end) {
                        String bucket = "auth:198.18." + ThreadLocalRandom.current().nextInt(ADDRESSES);
                        long start = System.nanoTime();
                        decider.allow(bucket, System.currentTimeMillis());
                        mine.add(System.nanoTime() - start);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    latencies.addAll(mine);
                    done.countDown();
                }
            }).start();
        }
        done.await();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.get(0));
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(sorted.size() * 1000L / RUN_MILLIS, sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) (sorted.size() * 0.99)) / 1000.0);
    }

    /** RateWindows.acquire's allowed path, statement for statement. */
    private static Decider postgres(DataSource db, boolean synchronousCommit) throws Exception {
        Connection c = db.getConnection();
        if (!synchronousCommit) {
            try (var statement = c.createStatement()) {
                statement.execute("set synchronous_commit = off");
            }
        }
        c.setAutoCommit(false);
        PreparedStatement previous = c.prepareStatement(
                "select hits from rate_windows where bucket = ? and window_start = ?");
        PreparedStatement insert = c.prepareStatement("insert into rate_windows (bucket, window_start, hits, audited) "
                + "values (?, ?, 0, false) on conflict do nothing");
        PreparedStatement raise = c.prepareStatement("update rate_windows set hits = hits + 1 "
                + "where bucket = ? and window_start = ? and hits < ?");
        return new Decider() {
            @Override
            public boolean allow(String bucket, long now) throws Exception {
                long window = now - Math.floorMod(now, WINDOW_MS);
                previous.setString(1, bucket);
                previous.setLong(2, window - WINDOW_MS);
                int before = 0;
                try (ResultSet rs = previous.executeQuery()) {
                    if (rs.next()) {
                        before = rs.getInt(1);
                    }
                }
                insert.setString(1, bucket);
                insert.setLong(2, window);
                insert.executeUpdate();
                raise.setString(1, bucket);
                raise.setLong(2, window);
                raise.setInt(3, allowance(before, now - window));
                boolean allowed = raise.executeUpdate() == 1;
                c.commit();
                return allowed;
            }

            @Override
            public void close() throws Exception {
                c.close();
            }
        };
    }

    static int allowance(int previous, long elapsedMs) {
        return (int) Math.floor(LIMIT - previous * (1 - elapsedMs / (double) WINDOW_MS) + 1e-9);
    }

    private static HazelcastInstance member(int port) {
        Config config = new Config();
        config.setClusterName("warden-bench");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:5801").addMember("127.0.0.1:5802");
        return Hazelcast.newHazelcastInstance(config);
    }

    private static Cache<String, Window> cache(HazelcastInstance member, String name) throws Exception {
        CacheManager manager = Caching.getCachingProvider(HazelcastCachingProvider.MEMBER_CACHING_PROVIDER)
                .getCacheManager(new URI("warden-bench-" + name), RateLimitEngines.class.getClassLoader(),
                        HazelcastCachingProvider.propertiesByInstanceItself(member));
        Cache<String, Window> cache = manager.getCache("rate-windows", String.class, Window.class);
        if (cache == null) {
            try {
                cache = manager.createCache("rate-windows", new MutableConfiguration<String, Window>()
                        .setTypes(String.class, Window.class)
                        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 3))));
            } catch (javax.cache.CacheException exists) {
                cache = manager.getCache("rate-windows", String.class, Window.class);
            }
        }
        return cache;
    }

    /** The two counters of a bucket: requests let through in the current and the previous minute. */
    public record Window(long start, int current, int previous) implements Serializable {
    }

    /** The same decision as RateWindows, made atomically on the member that owns the bucket. */
    public static final class Decide implements EntryProcessor<String, Window, Boolean>, Serializable {
        @Override
        public Boolean process(MutableEntry<String, Window> entry, Object... arguments) {
            long now = (Long) arguments[0];
            long window = now - Math.floorMod(now, WINDOW_MS);
            Window stored = entry.exists() ? entry.getValue() : null;
            int previous = 0;
            int current = 0;
            if (stored != null && stored.start() == window) {
                previous = stored.previous();
                current = stored.current();
            } else if (stored != null && stored.start() == window - WINDOW_MS) {
                previous = stored.current();
            }
            if (current < allowance(previous, now - window)) {
                entry.setValue(new Window(window, current + 1, previous));
                return true;
            }
            return false;
        }
    }

    private RateLimitEngines() {
    }
}
