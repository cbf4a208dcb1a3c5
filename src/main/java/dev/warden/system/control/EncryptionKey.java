package dev.warden.system.control;

import dev.warden.platform.control.SecretBox;
import dev.warden.platform.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where {@code warden.encryption.key} comes from. Required with PostgreSQL and with an H2
 * server ({@code jdbc:h2:tcp:}, {@code ssl:}). In the
 * default embedded run (H2 file, no key set) a key is generated once into a file beside
 * the database ({@code <db>.encryption.key}, owner-only), so a first run needs no setup
 * and a restart can still open what it sealed.
 * <p>
 * Rotation: {@code warden.encryption.previous-keys} lists keys that still open what they
 * sealed (and check the backup codes they keyed) but seal nothing; start-up re-seals every
 * value it can under the current key ({@link SecretsResealer}).
 */
@ApplicationScoped
public class EncryptionKey {

    private static final Logger LOG = Logger.getLogger(EncryptionKey.class.getName());

    @Inject
    @ConfigProperty(name = "warden.encryption.key")
    Optional<String> configured;

    /** Keys that open and check what they made but seal nothing: base64 keys, comma-separated. */
    @Inject
    @ConfigProperty(name = "warden.encryption.previous-keys")
    Optional<String> previous = Optional.empty();

    @Inject
    @ConfigProperty(name = "warden.db.url")
    Optional<String> dbUrl;

    /** A development key made for an existing database, written once start-up has checked it. */
    private volatile Optional<DevKey> unwritten = Optional.empty();

    @Produces
    @Singleton
    SecretBox secretBox() {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return SecretBox.fromBase64(configured.get(), previousKeys(previous));
        }
        String url = dbUrl.filter(u -> !u.isBlank()).orElse(Database.DEFAULT_URL);
        if (!Database.embedded(url)) {
            throw new IllegalStateException("warden.encryption.key is required (base64 of 32 random bytes, "
                    + "e.g. `openssl rand -base64 32`) when the database is not the embedded default");
        }
        DevKey dev = devKey(url);
        unwritten = Optional.of(dev).filter(made -> made.unwrittenFile().isPresent());
        return SecretBox.fromBase64(dev.key(), previousKeys(previous));
    }

    /**
     * Start-up calls this once the migrations have run, before {@link SealedSecretsCheck}: an
     * embedded database that held Warden's schema before this start, without its key file
     * beside it, lost the file (or was made with {@code warden.encryption.key} set, or by the
     * create-admin tool), and the operator is told what happens next. A database whose schema
     * this start made is new (the server's connection pool creates the H2 file before start-up
     * runs): nothing to say; its key is written after the check like any other.
     */
    void sayIfKeyFileIsMissing(boolean schemaMadeNow) {
        if (schemaMadeNow) {
            return;
        }
        unwritten.flatMap(DevKey::unwrittenFile).ifPresent(path -> LOG.warning("The embedded database "
                + path.resolveSibling(path.getFileName().toString().replace(".encryption.key", ".mv.db"))
                + " exists but its development key file " + path + " does not: a new key is written there only if "
                + "nothing in the database was sealed with another key. Otherwise start-up stops, naming the keys: "
                + "put the file back."));
    }

    /**
     * Writes the development key made for an embedded database that existed without its key
     * file ({@link #devKey}): start-up calls this once {@link SealedSecretsCheck} has found
     * nothing in the database sealed with another key, before anything is sealed with this
     * one. Nothing to do otherwise.
     */
    void keepGeneratedKey() {
        Optional<DevKey> key = unwritten;
        unwritten = Optional.empty();
        key.ifPresent(dev -> write(dev.unwrittenFile().orElseThrow(), dev.key()));
    }

    /** The entries of {@code warden.encryption.previous-keys}: separated by commas or white space. */
    static List<String> previousKeys(Optional<String> setting) {
        return setting.map(value -> Arrays.stream(value.split("[,\\s]+")).filter(entry -> !entry.isEmpty()).toList())
                .orElse(List.of());
    }

    /** The development key, and the file it is still to be written to, if it is. */
    record DevKey(String key, Optional<Path> unwrittenFile) {
    }

    /**
     * The key of the file beside the database; a new one, written there at once, for a new
     * database. For a database that exists without the file (deleted or lost, or the
     * database was made with {@code warden.encryption.key} set) a new key is returned but not
     * yet written: start-up refuses it if the database holds secrets sealed with another key
     * ({@link SealedSecretsCheck}), and a refused key must not take the file's place, where
     * the right one is to be put back.
     */
    static DevKey devKey(String h2Url) {
        Optional<Path> files = Database.embeddedFiles(h2Url);
        if (files.isEmpty()) {
            return new DevKey(newKey(), Optional.empty());
        }
        Path path = Path.of(files.get() + ".encryption.key");
        try {
            if (Files.exists(path)) {
                return new DevKey(readKey(path), Optional.empty());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the development encryption key in " + path, e);
        }
        String key = newKey();
        Path database = Path.of(files.get() + ".mv.db");
        if (Files.exists(database)) {
            return new DevKey(key, Optional.of(path));
        }
        write(path, key);
        return new DevKey(key, Optional.empty());
    }

    /** The file's key; a file that holds none (emptied, edited) stops start-up naming the file, never its content. */
    private static String readKey(Path path) throws IOException {
        String key = Files.readString(path).trim();
        try {
            if (Base64.getDecoder().decode(key).length == 32) {
                return key;
            }
        } catch (IllegalArgumentException notBase64) {
            // said below
        }
        throw new IllegalStateException("The development key file " + path + " does not hold a key (the base64 of "
                + "32 bytes): put back the file the database's secrets were made with. Nothing was changed.");
    }

    /**
     * Writes the key whole or not at all, durably, and never over a key file another
     * process made meanwhile: into an owner-only file beside it, flushed to the disk, then
     * linked under the key file's name (which fails if that name exists). A crash leaves
     * either no key file or the whole key, never an empty file; a power cut after the
     * secrets are sealed cannot lose the key the database needs.
     */
    private static void write(Path path, String key) {
        Path partial = path.resolveSibling(path.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            createOwnerOnly(partial);
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(key.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            try {
                Files.createLink(path, partial);
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(partial, path);
            }
            Files.deleteIfExists(partial);
            syncFolder(path.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the development encryption key in " + path, e);
        }
        LOG.warning("No warden.encryption.key set: generated a development key in " + path
                + ". Set warden.encryption.key in production.");
    }

    /**
     * The file (and any folder made for it) is created owner-only: no moment exists in
     * which another user could open it.
     */
    private static void createOwnerOnly(Path path) throws IOException {
        Path folder = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
            Files.createFile(path);
        }
    }

    /** The folder's entries to the disk too (Linux; elsewhere opening a folder fails and is skipped). */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // the file itself is on the disk already
        }
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
