package dev.warden.it;

/**
 * One server process of Warden that a test started itself, whatever the server: Payara
 * Micro ({@link WardenProcess}) or WildFly ({@link WildFlyProcess}). What the tests of two
 * instances ({@link Cluster}) do with each.
 */
interface Instance extends AutoCloseable {

    /** Its API, as a client sees it. */
    Api api();

    /** What it has logged so far. */
    String logText();

    /** Its JVM's process. */
    Process process();

    /** Sends its JVM a signal ({@code STOP}, {@code CONT}, ...), as an operator's kill would. */
    default void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process().pid())).inheritIO().start().waitFor();
    }

    @Override
    void close() throws InterruptedException;
}
