package dev.warden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.bench.ProcessStats.Machine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the bench says the machine did during a round: the shares it prints beside the rounds of (c). */
class ProcessStatsTest {

    @Test
    void aSpanSaysTheStolenShareOfCpuTimeAndTheShareOfWallTimeSpentWaitingForIo() {
        Machine before = new Machine(10_000, 300, 2_000_000, 5_000_000_000L);
        // 400 ticks of CPU time of which 60 stolen; 2.5 s of I/O stall in 10 s of wall time
        Machine after = new Machine(10_400, 360, 4_500_000, 15_000_000_000L);

        assertEquals("steal 15 %, I/O stall 25 %", after.since(before));
    }

    @Test
    void whatTheMachineDoesNotTellIsSaidUnknownNotZero() {
        Machine before = new Machine(10_000, 300, -1, 0);
        Machine after = new Machine(10_000, 300, -1, 1_000_000_000L);

        assertEquals("steal ?, I/O stall ?", after.since(before));
    }

    @Test
    void thisMachineCanBeRead() {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "Linux only, as the bench");
        Machine now = Machine.now();

        assertTrue(now.cpuTicks() > 0, "/proc/stat read");
        assertTrue(now.stealTicks() >= 0 && now.stealTicks() <= now.cpuTicks());
    }
}
