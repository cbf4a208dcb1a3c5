package dev.warden.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warden in Payara Micro, started for the bench with the README's production command line
 * (heap, GC, JSON-P provider, listener filters, no Hazelcast) against a PostgreSQL database.
 * <p>
 * {@link #archive} is the README's "Faster start: a class-data archive" step: a
 * {@code --warmup} start that deploys, stops and leaves a CDS archive of every class it
 * loaded; {@link #start} with that archive maps those classes instead of reading,
 * parsing and verifying them again. On JDK 25 and later the archive is the JDK's AOT cache
 * (JEP 483, 514, 515: the classes loaded and linked, and the training start's method
 * profiles) instead of a dynamic CDS archive.
 */
final class WardenServer implements AutoCloseable {

    private static final String WAR = "target/warden.war";
    static final String ENCRYPTION_KEY = "YmVuY2gtb25seS1lbmNyeXB0aW9uLWtleS0zMi1ieXQ=";
    private static final Pattern READY = Pattern.compile(" ready in ([\\d,]+) \\(ms\\)");
    /**
     * The server's libraries: Warden's listener filters, and on JDKs before 21 Bouncy Castle,
     * as the README tells operators who sign ES256 there (README, "Who signs"); the
     * bench has it on its class path (a provided dependency).
     */
    private static final String ADDLIBS = "target/warden-listener.jar" + (Runtime.version().feature() < 21
            ? File.pathSeparator + jarOf(org.bouncycastle.jce.provider.BouncyCastleProvider.class) : "");
    /** JDK 25 and later: the AOT cache ({@code -XX:AOTCacheOutput}, {@code -XX:AOTCache}). */
    static final boolean AOT_CACHE = Runtime.version().feature() >= 25;
    /** What the archive is called in the bench's tables. */
    static final String ARCHIVE_NAME = AOT_CACHE ? "the AOT cache" : "the class-data archive";
    private static final List<String> ARCHIVE_REFUSED = List.of("Unable to use shared archive", "Unable to use AOT cache");
    /** What Payara logs when the application failed to deploy (it still logs "ready in"). */
    private static final List<String> DEPLOY_FAILED = List.of("Exception while loading the app",
            "Exception while deploying the app");

    final String base;
    final Process process;
    final Path log;
    /** The database it runs on (user postgres, no password). */
    final String dbUrl;
    private final long started;

    private WardenServer(String base, Process process, Path log, String dbUrl, long started) {
        this.base = base;
        this.process = process;
        this.log = log;
        this.dbUrl = dbUrl;
        this.started = started;
    }

    /** The archive's file name for {@code name}: {@code .aot} for an AOT cache, {@code .jsa} for CDS. */
    static String archiveFile(String name) {
        return name + (AOT_CACHE ? ".aot" : ".jsa");
    }

    /**
     * A {@code --warmup} start on its own database (so that the measured starts are still
     * first starts on an empty one), leaving the class-data archive {@code archive}.
     */
    static void archive(Path archive, Path work, String dbUrl, Map<String, String> settings) throws Exception {
        Path log = work.resolve("warmup-" + archive.getFileName() + ".log");
        List<String> command = command(work, dbUrl, freePort(), settings,
                List.of((AOT_CACHE ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive), WAR);
        command.add("--warmup");
        Process warmup = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!warmup.waitFor(5, TimeUnit.MINUTES)) {
            warmup.destroyForcibly();
            throw new IllegalStateException("the --warmup start did not end: " + log);
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no class-data archive after the --warmup start: " + Files.readString(log));
        }
    }

    /**
     * PostgreSQL as durable as production's: the embedded server starts with {@code -F}
     * (fsync off) unless told otherwise; a later {@code -c fsync=on} wins.
     */
    static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on");
    }

    /** A new, empty database on that PostgreSQL, as a JDBC URL: every start the bench times is a first start. */
    static String emptyDatabase(EmbeddedPostgres pg, String name) throws java.sql.SQLException {
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name;
    }

    interface EmptyDatabase {
        String url() throws Exception;
    }

    record Started(WardenServer server, double toReady) {
    }

    /**
     * A first start on a new, empty database, ready. A start that Payara failed to deploy
     * (it logged "Exception while deploying the app" and still "ready in") is added to
     * {@code failures}, its log kept, and the start made once more on a new database.
     */
    static Started startReady(Path work, String name, EmptyDatabase empty, Map<String, String> settings,
                              Path archive, List<String> failures) throws Exception {
        for (int attempt = 1; ; attempt++) {
            WardenServer server = start(work, name, empty.url(), settings, archive);
            try {
                return new Started(server, server.awaitReady());
            } catch (DeployFailed failed) {
                server.close();
                Path kept = failed.log.resolveSibling("deploy-failed-" + attempt + "-" + failed.log.getFileName());
                Files.move(failed.log, kept);
                failures.add(name + (archive == null ? "" : " (with " + ARCHIVE_NAME + ")") + ": "
                        + Files.readAllLines(kept).stream().filter(line -> line.contains("Caused by"))
                        .reduce((first, last) -> last).orElse("see " + kept).trim());
                if (attempt == 2) {
                    throw failed;
                }
            } catch (Exception e) {
                server.close();
                throw e;
            }
        }
    }

    /** Starts Warden, with the class-data archive if {@code archive} is not null. */
    static WardenServer start(Path work, String name, String dbUrl, Map<String, String> settings, Path archive)
            throws IOException {
        return start(work, name, dbUrl, settings, archive, WAR);
    }

    /** Starts another build of Warden, the WAR {@code war}. */
    static WardenServer start(Path work, String name, String dbUrl, Map<String, String> settings, Path archive,
                              String war) throws IOException {
        int port = freePort();
        Path log = work.resolve("server-" + name + ".log");
        List<String> command = command(work, dbUrl, port, settings,
                archive == null ? List.of() : List.of((AOT_CACHE ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive), war);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WardenServer("http://localhost:" + port, process, log, dbUrl, started);
    }

    /**
     * Waits until the API answers (an anonymous {@code GET /auth/me} gets its 401) and
     * Payara has logged "ready".
     *
     * @return seconds from the process start
     */
    double awaitReady() throws Exception {
        long deadline = started + Duration.ofMinutes(3).toNanos();
        while (BenchClient.status(base + "/api/v1/auth/me", Map.of()) != 401 || !Files.readString(log).contains(" ready in ")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Warden exited: " + Files.readString(log));
            }
            // Payara Micro stays up, and even logs "ready in", when the application failed to deploy
            String output = Files.readString(log);
            if (DEPLOY_FAILED.stream().anyMatch(output::contains)) {
                throw new DeployFailed(log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Warden was not ready within 3 minutes; see " + log);
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String output = Files.readString(log);
        if (ARCHIVE_REFUSED.stream().anyMatch(output::contains)) {
            throw new IllegalStateException("the JVM refused " + ARCHIVE_NAME + ": " + log);
        }
        return seconds;
    }

    /** Payara started but did not deploy Warden (its log says why). */
    static final class DeployFailed extends IllegalStateException {
        final Path log;

        DeployFailed(Path log) {
            super("Warden failed to deploy; see " + log);
            this.log = log;
        }
    }

    /** Payara's own "ready in" of this start, in seconds. */
    double readyIn() throws IOException {
        return readyIn(Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static List<String> command(Path work, String dbUrl, int port, Map<String, String> settings,
                                        List<String> jvmOptions, String war) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms192m", "-XX:MetaspaceSize=192m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=1000",
                "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl", "-Djava.io.tmpdir=" + work,
                "-Dorg.glassfish.grizzly.http.STRICT_HEADER_VALUE_VALIDATION_RFC_9110=false",
                "-Dwarden.db.url=" + dbUrl, "-Dwarden.db.user=postgres", "-Dwarden.encryption.key=" + ENCRYPTION_KEY));
        command.addAll(jvmOptions);
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", "target/payara-micro.jar", "--deploy", war, "--contextroot", "/",
                "--port", String.valueOf(port), "--nohazelcast", "--disablephonehome", "--addlibs", ADDLIBS,
                "--prebootcommandfile", "server-config/payara/http-listener.asadmin"));
        return command;
    }

    private static double readyIn(String output) {
        Matcher ready = READY.matcher(output);
        if (!ready.find()) {
            throw new IllegalStateException("Payara logged no \"ready in\": " + output);
        }
        return Long.parseLong(ready.group(1).replace(",", "")) / 1000.0;
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
