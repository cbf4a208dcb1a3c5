package dev.warden.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the bench says Warden's server and its database did during a round of (c). */
class ServerStatsTest {

    @Test
    void jstatsColumnsAreReadByTheirNames() {
        String jdk17 = """
                  S0     S1     E      O      M     CCS    YGC     YGCT    FGC    FGCT     CGC    CGCT     GCT
                  0.00  99.87  41.20  63.05  97.61  93.12    212    1.412     3    0.801     -        -    2.213
                """;

        assertArrayEquals(new double[] {215, 2.213, 3, 63.05}, ServerStats.gcutil(jdk17));
    }

    @Test
    void aSpanSaysTheServersCollectionsOldGenerationAndTheDatabasesMaintenance() {
        // 31 collections in 0.12 s, one autovacuum
        ServerStats before = new ServerStats(200, 1.30, 2, 40, 7, 3);
        ServerStats after = new ServerStats(231, 1.42, 2, 41.4, 8, 3);

        assertEquals("GC 31 × 0.12 s (0 full), old 41 %; autovacuum 1, checkpoint 0",
                after.since(before));
    }

    @Test
    void whatCannotBeReadIsSaidUnknownNotZero() {
        ServerStats before = new ServerStats(-1, -1, -1, -1, -1, -1);
        ServerStats after = new ServerStats(-1, -1, -1, -1, -1, -1);

        assertEquals("GC ?; autovacuum ?, checkpoint ?", after.since(before));
    }

    @Test
    void aRunningJvmCanBeRead() {
        long pid = ProcessHandle.current().pid();
        // this JVM, and a database that is not there
        ServerStats now = ServerStats.now(pid, "jdbc:postgresql://localhost:1/none?connectTimeout=1");

        assertTrue(now.collections() >= 0 && now.oldPercent() >= 0, "jstat read: " + now);
        assertEquals(-1, now.autovacuums());
    }
}
