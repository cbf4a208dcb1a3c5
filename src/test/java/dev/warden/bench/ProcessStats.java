package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the bench reads about the machine and the server's process from /proc (Linux). */
final class ProcessStats {

    static final int QUIET_SECONDS = 5;

    /**
     * Waits until the JIT compiler threads of the server used under 2 % of a core for
     * {@value #QUIET_SECONDS} s (at most 3 minutes): C2 keeps compiling for a minute or more
     * after a new load, and what it takes is missing from what is measured. Answers the
     * seconds waited.
     */
    static long awaitQuietJit(long pid) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(3).toNanos();
        long before = jitTicks(pid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(QUIET_SECONDS * 1000L);
            long after = jitTicks(pid);
            if (after - before < 2 * QUIET_SECONDS) { // clock ticks of 10 ms: under 2 % of a core
                break;
            }
            before = after;
        }
        return Duration.ofNanos(System.nanoTime() - start).toSeconds();
    }

    /** CPU time (clock ticks) the JIT compiler threads of a process have used, from /proc. */
    static long jitTicks(long pid) throws IOException {
        long ticks = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm"));
                    if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                        continue;
                    }
                    ticks += ticks(Files.readString(task.resolve("stat")), false);
                } catch (java.nio.file.NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** Resident memory of a process, in MB. */
    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * What the machine did over a span: the share of its CPU time the hypervisor gave to
     * others (steal, from /proc/stat), the share of wall time some task waited for I/O
     * (/proc/pressure/io, "some"), and the cores Warden's server, PostgreSQL and the bench's
     * own process used (/proc/<pid>/stat). A round of the refresh, which commits durably, can
     * slow down with the disk while the raw signing beside it does not; with the machine's
     * cores all busy (its idle share, with the time waiting for I/O, near 0) and none stolen,
     * a slower round is a slower CPU. The kernel's interrupt work (the loopback network's,
     * mostly) is no process's: the processes' cores, idle and interrupts add up to the cores.
     */
    record Machine(long cpuTicks, long idleTicks, long interruptTicks, long stealTicks, long ioStallMicros,
                   long serverTicks, long serverJitTicks, long postgresTicks, long benchTicks, long nanos) {

        /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
        private static final double TICKS_PER_SECOND = 100;

        /**
         * Now, with the server {@code serverPid}; a source that cannot be read gives 0 CPU
         * ticks or -1, which {@link #since} prints as "?".
         */
        static Machine now(long serverPid) {
            long cpu = 0;
            long idle = 0;
            long interrupts = 0;
            long steal = 0;
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 1; i <= 8; i++) {
                    cpu += Long.parseLong(fields[i]); // user, nice, system, idle, iowait, irq, softirq, steal
                }
                idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
                interrupts = Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
                steal = Long.parseLong(fields[8]);
            } catch (IOException | RuntimeException e) {
                cpu = 0;
            }
            long io;
            try {
                String some = Files.readAllLines(Path.of("/proc/pressure/io")).get(0);
                io = Long.parseLong(some.substring(some.indexOf("total=") + "total=".length()).trim());
            } catch (IOException | RuntimeException e) {
                io = -1;
            }
            long jit;
            try {
                jit = jitTicks(serverPid);
            } catch (IOException | RuntimeException e) {
                jit = -1;
            }
            return new Machine(cpu, idle, interrupts, steal, io, ProcessStats.cpuTicks(serverPid), jit,
                    ProcessStats.postgresTicks(), ProcessStats.cpuTicks(ProcessHandle.current().pid()), System.nanoTime());
        }

        /**
         * "idle 1 %, interrupts 7 %, steal 3 %, I/O stall 12 %, server 1.02 cores (its JIT
         * compilers 0.01), PostgreSQL 0.81, the bench 0.09" from {@code earlier} to this
         * snapshot, or what of it is known.
         */
        String since(Machine earlier) {
            String cpu = cpuTicks > earlier.cpuTicks
                    ? String.format("idle %.0f %%, interrupts %.0f %%, steal %.0f %%", share(idleTicks, earlier.idleTicks, earlier),
                            share(interruptTicks, earlier.interruptTicks, earlier), share(stealTicks, earlier.stealTicks, earlier))
                    : "idle ?, interrupts ?, steal ?";
            String io = ioStallMicros >= 0 && earlier.ioStallMicros >= 0
                    ? String.format("I/O stall %.0f %%", 100.0 * (ioStallMicros - earlier.ioStallMicros) * 1000 / (nanos - earlier.nanos))
                    : "I/O stall ?";
            return cpu + ", " + io + ", server " + cores(serverTicks, earlier.serverTicks, earlier) + " cores (its JIT compilers "
                    + cores(serverJitTicks, earlier.serverJitTicks, earlier) + "), PostgreSQL "
                    + cores(postgresTicks, earlier.postgresTicks, earlier) + ", the bench "
                    + cores(benchTicks, earlier.benchTicks, earlier);
        }

        /**
         * "per refresh, of CPU: server 0.87 ms, PostgreSQL 0.72 ms, the bench 0.08 ms": each
         * process's cores from {@code earlier} to this snapshot over the calls per second the
         * span made. A slow round in which all three spend more per call slowed everything on
         * the machine; one in which one of them does is that one's doing.
         */
        String perCall(Machine earlier, double callsPerSecond, String call) {
            return "per " + call + ", of CPU: server " + perCall(serverTicks, earlier.serverTicks, earlier, callsPerSecond)
                    + ", PostgreSQL " + perCall(postgresTicks, earlier.postgresTicks, earlier, callsPerSecond)
                    + ", the bench " + perCall(benchTicks, earlier.benchTicks, earlier, callsPerSecond);
        }

        private String perCall(long ticks, long earlierTicks, Machine earlier, double callsPerSecond) {
            double cores = coresUsed(ticks, earlierTicks, earlier);
            return Double.isNaN(cores) || callsPerSecond <= 0 ? "?" : String.format("%.2f ms", 1000 * cores / callsPerSecond);
        }

        private double share(long ticks, long earlierTicks, Machine earlier) {
            return 100.0 * (ticks - earlierTicks) / (cpuTicks - earlier.cpuTicks);
        }

        private String cores(long ticks, long earlierTicks, Machine earlier) {
            double cores = coresUsed(ticks, earlierTicks, earlier);
            return Double.isNaN(cores) ? "?" : String.format("%.2f", cores);
        }

        /** The cores a process's CPU time from {@code earlier} to this snapshot makes, or NaN when unknown. */
        private double coresUsed(long ticks, long earlierTicks, Machine earlier) {
            return ticks >= 0 && earlierTicks >= 0 && nanos > earlier.nanos
                    ? (ticks - earlierTicks) / TICKS_PER_SECOND / ((nanos - earlier.nanos) / 1e9)
                    : Double.NaN;
        }
    }

    /** The process's user and system CPU time, in clock ticks, or -1. */
    static long cpuTicks(long pid) {
        return cpuTicks(pid, false);
    }

    /**
     * The process's user and system CPU time, in clock ticks, or -1; with {@code children},
     * also that of its children that ended (and were waited for): PostgreSQL's server keeps
     * the time of its autovacuum workers and ended backends so.
     */
    static long cpuTicks(long pid, boolean children) {
        try {
            return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")), children);
        } catch (Exception e) {
            return -1;
        }
    }

    /** The user and system CPU time of a /proc/.../stat line, with its ended children's if asked. */
    private static long ticks(String stat, boolean children) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return children ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks; // cutime, cstime
    }

    /**
     * The CPU time of every PostgreSQL process on the machine (the bench's is the only one),
     * with the time of those that ended (kept by the server, their parent), in clock ticks,
     * or -1.
     */
    static long postgresTicks() {
        long ticks = 0;
        try (var processes = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                try {
                    if (Files.readString(process.resolve("comm")).startsWith("postgres")) {
                        ticks += Math.max(0, cpuTicks(Long.parseLong(process.getFileName().toString()), true));
                    }
                } catch (java.io.IOException e) {
                    // the process ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return ticks;
    }

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private ProcessStats() {
    }
}
