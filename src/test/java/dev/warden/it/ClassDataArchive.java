package dev.warden.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The class-data archive of the run's Payara Micro starts, as the README's "A faster start"
 * makes one for production: the first server of the run that stops as it should makes it
 * ({@code -XX:ArchiveClassesAtExit}), and every server started after that maps it
 * ({@code -XX:SharedArchiveFile}) instead of reading, parsing and verifying ~13,000 of its
 * classes. Measured on 2 cores: ~4 s less CPU per start (~20 s instead of ~24 s); the run
 * starts ~30 such servers, two at a time, and is bound by its CPU.
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

    private static final Path ARCHIVE = Path.of(System.getProperty("java.io.tmpdir"),
            "warden-it-" + ProcessHandle.current().pid() + ".jsa");
    private static final Path MAKING = ARCHIVE.resolveSibling(ARCHIVE.getFileName() + ".part");
    /** The JVM's notes while it writes the archive (classes it skips) are not the server's log. */
    private static final String QUIET = "-Xlog:cds*=off";

    private static boolean making;
    private static boolean ready;

    private ClassDataArchive() {
    }

    /** For the start about to be launched. */
    static synchronized Use forStart() {
        if (ready) {
            return new Use(List.of("-XX:SharedArchiveFile=" + ARCHIVE, QUIET), false);
        }
        if (making) {
            return new Use(List.of(), false);
        }
        making = true;
        return new Use(List.of("-XX:ArchiveClassesAtExit=" + MAKING, QUIET), true);
    }

    /**
     * The maker has ended: with its status, whether it was stopped by {@link WardenProcess#close()}
     * (a SIGTERM, then waited for) or otherwise (killed, exited, failed to start).
     */
    static synchronized void makerEnded(int exitStatus, boolean stoppedByClose) {
        making = false;
        try {
            if (stoppedByClose && exitStatus == 143 && Files.size(MAKING) > 0) {
                Files.move(MAKING, ARCHIVE, StandardCopyOption.ATOMIC_MOVE);
                ARCHIVE.toFile().deleteOnExit(); // ~100 MB
                ready = true;
            } else {
                Files.deleteIfExists(MAKING);
            }
        } catch (java.nio.file.NoSuchFileException none) {
            // the JVM wrote none
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
