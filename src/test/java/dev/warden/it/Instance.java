package dev.warden.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One server process of Warden that a test started itself, whatever the server: Payara
 * Micro ({@link WardenProcess}) or WildFly ({@link WildFlyProcess}). What the tests of two
 * instances ({@link Cluster}) do with each.
 */
interface Instance extends AutoCloseable {

    /** How many WildFly instances this run started (each is named apart by it). */
    AtomicInteger STARTED = new AtomicInteger();

    /**
     * Starts an instance of the server this run tests, with these Warden settings and only
     * these: Payara Micro (its log in {@code folder}), or WildFly in the WildFly run (named
     * from {@code name}, each start apart, so that every log is kept).
     */
    static Instance start(String name, Path folder, Map<String, String> settings, List<String> jvmOptions)
            throws Exception {
        if (WardenServer.onWildFly()) {
            return WildFlyProcess.start(name + "-" + STARTED.incrementAndGet(), settings, jvmOptions);
        }
        return WardenProcess.start(folder, WardenProcess.freePort(), settings, Map.of(), jvmOptions);
    }

    /** Its API, as a client sees it. */
    Api api();

    /** What it has logged so far. */
    String logText();

    /** Its log, line by line. */
    default List<String> logLines() {
        return logText().lines().toList();
    }

    /** The log's lines from this index on (see {@link #logLines()}). */
    default List<String> logSince(int fromLine) {
        List<String> lines = logLines();
        return lines.subList(Math.min(fromLine, lines.size()), lines.size());
    }

    /** Waits (up to 30 s) until a line from this index on contains the text. */
    default void awaitLog(String text, int fromLine) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (logSince(fromLine).stream().noneMatch(line -> line.contains(text))) {
            if (System.currentTimeMillis() > deadline) {
                fail("no log line with \"" + text + "\":\n" + String.join("\n", logSince(fromLine)));
            }
            Thread.sleep(100);
        }
    }

    /** Its JVM's process. */
    Process process();

    /** Sends its JVM a signal ({@code STOP}, {@code CONT}, ...), as an operator's kill would. */
    default void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process().pid())).inheritIO().start().waitFor();
    }

    @Override
    void close() throws InterruptedException;
}
