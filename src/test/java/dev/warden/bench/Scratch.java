package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A bench's scratch folder under the system's temporary folder: PostgreSQL's binaries
 * (~60 MB, unpacked per run), its data and log, the servers' folders and logs. A run that
 * finishes removes it; one that fails leaves it, with the logs that explain the failure.
 */
final class Scratch {

    private Scratch() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Removes the folder and everything in it; call it after the servers and PostgreSQL have stopped. */
    static void remove(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
