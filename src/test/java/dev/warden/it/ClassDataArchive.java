package dev.warden.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The class-data archive of the run's Payara Micro starts ({@link #PAYARA_MICRO}), as the
 * README's "A faster start" makes one for production, and of its WildFly starts
 * ({@link #WILDFLY}): the first server of the run that stops as it should makes it
 * ({@code -XX:ArchiveClassesAtExit}), and every server started after that maps it
 * ({@code -XX:SharedArchiveFile}) instead of reading, parsing and verifying ~13,000 of its
 * classes. Measured on 2 cores: ~4 s less CPU per Payara Micro start (~20 s instead of ~24 s);
 * the run starts ~30 such servers and ~15 WildFly servers, two at a time, and is bound by its CPU.
 * <p>
 * The archive is only handed out once its maker has stopped on a SIGTERM (the JVM writes it
 * on the way out: ~9 s, then exit status 143). A maker that is killed (CrashSafetyIT), that
 * exits by itself or whose start fails makes none, and the next start makes it. A start
 * while it is being made goes without. A server that finds the archive unusable starts
 * without it, as the JVM does by default (-Xshare:auto), so the archive only changes how
 * fast a server starts, never what it does.
 */
final class ClassDataArchive {

    /** What a start adds to its JVM options, and whether that start makes the archive. */
    record Use(List<String> options, boolean makes) {
    }

    static final ClassDataArchive PAYARA_MICRO = new ClassDataArchive("payara-micro");
    static final ClassDataArchive WILDFLY = new ClassDataArchive("wildfly");

    /** The JVM's notes while it writes the archive (classes it skips) are not the server's log. */
    private static final String QUIET = "-Xlog:cds*=off";

    private final Path archive;
    private final Path part;
    private boolean making;
    private boolean ready;

    private ClassDataArchive(String server) {
        archive = Path.of(System.getProperty("java.io.tmpdir"), "warden-it-" + server + "-"
                + ProcessHandle.current().pid() + ".jsa");
        part = archive.resolveSibling(archive.getFileName() + ".part");
    }

    /** For the start about to be launched. */
    synchronized Use forStart() {
        if (ready) {
            return new Use(List.of("-XX:SharedArchiveFile=" + archive, QUIET), false);
        }
        if (making) {
            return new Use(List.of(), false);
        }
        making = true;
        return new Use(List.of("-XX:ArchiveClassesAtExit=" + part, QUIET), true);
    }

    /** Starts a server's process with {@code use}'s options in its command: one that cannot be started makes no archive. */
    Process start(ProcessBuilder builder, Use use) throws IOException {
        try {
            return builder.start();
        } catch (IOException e) {
            if (use.makes()) {
                makerEnded(-1, false);
            }
            throw e;
        }
    }

    /**
     * The maker has ended: with its status, whether it was stopped by {@link WardenProcess#close()}
     * (a SIGTERM, then waited for) or otherwise (killed, exited, failed to start).
     */
    synchronized void makerEnded(int exitStatus, boolean stoppedByClose) {
        making = false;
        try {
            if (stoppedByClose && exitStatus == 143 && Files.size(part) > 0) {
                Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE);
                archive.toFile().deleteOnExit(); // ~100 MB
                ready = true;
            } else {
                System.err.println("No class-data archive from " + archive.getFileName() + "'s maker (exit status "
                        + exitStatus + (stoppedByClose ? "" : ", not stopped by the test") + "): the next start makes it");
                Files.deleteIfExists(part);
            }
        } catch (java.nio.file.NoSuchFileException none) {
            // the JVM wrote none
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
