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
        Machine before = new Machine(10_000, 4_000, 500, 300, 2_000_000, 5_000, 700, 9_000, 3_000, 5_000_000_000L);
        // 400 ticks of CPU time of which 8 idle, 28 interrupts, 60 stolen; 2.5 s of I/O stall in 10 s of wall time;
        // of the processes' CPU time 10.2 s the server's (0.3 s its JIT compilers'), 8.1 s PostgreSQL's, 0.9 s the bench's
        Machine after = new Machine(10_400, 4_008, 528, 360, 4_500_000, 6_020, 730, 9_810, 3_090, 15_000_000_000L);

        assertEquals("idle 2 %, interrupts 7 %, steal 15 %, I/O stall 25 %, server 1.02 cores (its JIT compilers 0.03), PostgreSQL 0.81, the bench 0.09", after.since(before));
        // 1,020 refreshes/s for those 10 s: 10.2 s of the server's CPU over 10,200 refreshes
        assertEquals("per refresh, of CPU: server 1.00 ms, PostgreSQL 0.79 ms, the bench 0.09 ms",
                after.perCall(before, 1_020, "refresh"));
    }

    @Test
    void whatTheMachineDoesNotTellIsSaidUnknownNotZero() {
        Machine before = new Machine(10_000, 4_000, 500, 300, -1, -1, -1, -1, -1, 0);
        Machine after = new Machine(10_000, 4_000, 500, 300, -1, -1, -1, -1, -1, 1_000_000_000L);

        assertEquals("idle ?, interrupts ?, steal ?, I/O stall ?, server ? cores (its JIT compilers ?), PostgreSQL ?, the bench ?", after.since(before));
        assertEquals("per refresh, of CPU: server ?, PostgreSQL ?, the bench ?", after.perCall(before, 900, "refresh"));
    }

    @Test
    void thisMachineCanBeRead() {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "Linux only, as the bench");
        Machine now = Machine.now(ProcessHandle.current().pid()); // this JVM as the server

        assertTrue(now.cpuTicks() > 0, "/proc/stat read");
        assertTrue(now.stealTicks() >= 0 && now.stealTicks() <= now.cpuTicks());
        assertTrue(now.serverTicks() > 0 && now.benchTicks() >= now.serverTicks(), "/proc/<pid>/stat read, the bench's after the server's");
        assertTrue(now.serverJitTicks() >= 0 && now.serverJitTicks() <= now.serverTicks(), "its JIT threads read");
        assertTrue(now.postgresTicks() >= 0, "/proc read for PostgreSQL's processes, none or some");
    }
}
