package dev.warden.bench;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What Warden's server and its database did over a span, beside the machine's shares
 * ({@link ProcessStats.Machine}): the server's garbage collections (the JDK's
 * {@code jstat}), how full its old generation was at the end, and PostgreSQL's autovacuum
 * and checkpoint runs. A slow round of the refresh that neither the machine nor these
 * explain is said so.
 * <p>
 * Taken between rounds, never during one: {@code jstat} is a JVM of its own (~0.3 s of a
 * core) and the database statistics a connection of their own.
 */
record ServerStats(long collections, double gcSeconds, long fullCollections, double oldPercent, long autovacuums,
                   long checkpoints) {

    /** Wraps the part of a measure that is measured: its load, not its preparation. */
    interface Window {
        BenchClient.Result around(Runs.Measure inner) throws Exception;
    }

    /** A measure that says which part of it a {@link Window} wraps. */
    interface Windowed {
        BenchClient.Result run(Window window) throws Exception;
    }

    /**
     * {@code measure}, which adds to {@code said} what the machine ({@link ProcessStats.Machine})
     * and then the server and its database did during the part of each run its window wraps.
     */
    static Runs.Measure watched(Windowed measure, WardenServer server, List<String> said) {
        return () -> measure.run(inner -> {
            ServerStats before = now(server.process.pid(), server.dbUrl); // ~0.5 s: before the load, not in it
            ProcessStats.Machine machine = ProcessStats.Machine.now(server.process.pid());
            BenchClient.Result result = inner.run();
            ProcessStats.Machine after = ProcessStats.Machine.now(server.process.pid());
            said.add(after.since(machine) + "; " + after.perCall(machine, result.perSecond(), "refresh") + "; "
                    + now(server.process.pid(), server.dbUrl).since(before));
            return result;
        });
    }

    /** Now; what cannot be read is -1, which {@link #since} prints as "?". */
    static ServerStats now(long pid, String dbUrl) {
        double[] gc = gc(pid);
        long[] db = database(dbUrl);
        return new ServerStats((long) gc[0], gc[1], (long) gc[2], gc[3], db[0], db[1]);
    }

    /**
     * "GC 31 × 0.12 s (0 full), old 41 %; autovacuum 1, checkpoint 0" from
     * {@code earlier} to this snapshot, or what of it is known.
     */
    String since(ServerStats earlier) {
        String gc = collections >= 0 && earlier.collections >= 0
                ? String.format("GC %d × %.2f s (%d full), old %.0f %%", collections - earlier.collections,
                        gcSeconds - earlier.gcSeconds, fullCollections - earlier.fullCollections, oldPercent)
                : "GC ?";
        String db = autovacuums >= 0 && earlier.autovacuums >= 0
                ? String.format("autovacuum %d, checkpoint %s", autovacuums - earlier.autovacuums,
                        checkpoints >= 0 && earlier.checkpoints >= 0 ? checkpoints - earlier.checkpoints : "?")
                : "autovacuum ?, checkpoint ?";
        return gc + "; " + db;
    }

    /** {collections, GC seconds, full collections, old generation % used} from {@code jstat -gcutil}, or -1s. */
    private static double[] gc(long pid) {
        Path output = null;
        try {
            // into a file, so that a jstat that hangs costs the bench 30 s, not the run
            output = java.nio.file.Files.createTempFile("jstat", ".txt");
            Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                    "-gcutil", String.valueOf(pid)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!jstat.waitFor(30, TimeUnit.SECONDS)) {
                jstat.destroyForcibly();
                return new double[] {-1, -1, -1, -1};
            }
            return jstat.exitValue() == 0 ? gcutil(java.nio.file.Files.readString(output)) : new double[] {-1, -1, -1, -1};
        } catch (Exception e) {
            return new double[] {-1, -1, -1, -1};
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /**
     * Reads {@code jstat -gcutil}'s two lines by their column names (S0 S1 E O M CCS YGC YGCT
     * FGC FGCT CGC CGCT GCT on JDK 17 and 25): {collections, GC seconds, full collections,
     * old generation % used}.
     */
    static double[] gcutil(String output) {
        List<String> lines = output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        List<String> names = Arrays.asList(lines.get(0).split("\\s+"));
        String[] values = lines.get(1).split("\\s+");
        java.util.function.ToDoubleFunction<String> value = name -> {
            int i = names.indexOf(name);
            return i < 0 || values[i].equals("-") ? 0 : Double.parseDouble(values[i]);
        };
        return new double[] {value.applyAsDouble("YGC") + value.applyAsDouble("FGC") + value.applyAsDouble("CGC"),
                value.applyAsDouble("GCT"), value.applyAsDouble("FGC"), value.applyAsDouble("O")};
    }

    /** {autovacuum and autoanalyze runs on the database's tables, checkpoints of the server}, or -1s. */
    private static long[] database(String dbUrl) {
        try (var connection = DriverManager.getConnection(dbUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            long vacuums;
            try (ResultSet rs = statement.executeQuery(
                    "select coalesce(sum(autovacuum_count + autoanalyze_count), 0) from pg_stat_all_tables")) {
                rs.next();
                vacuums = rs.getLong(1);
            }
            long checkpoints;
            try (ResultSet rs = statement.executeQuery("select num_timed + num_requested from pg_stat_checkpointer")) {
                rs.next(); // PostgreSQL 17 and later
                checkpoints = rs.getLong(1);
            } catch (SQLException e) {
                checkpoints = -1;
            }
            return new long[] {vacuums, checkpoints};
        } catch (SQLException e) {
            return new long[] {-1, -1};
        }
    }
}
