package dev.warden.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The built WAR in a Payara Micro of its own, started the way the README's run command
 * starts it, for tests that need their own server: another database, a restart, a
 * database that goes away. Its log is a file the test can read.
 */
final class WardenProcess implements Instance {

    /** The HTTP listener settings the run command uses (server-config/payara, README "Hostile input"). */
    static final String LISTENER_SETTINGS = Path.of("server-config", "payara", "http-listener.asadmin")
            .toAbsolutePath().toString();
    /** Warden's filters for the listener, which those settings name (src/listener, README "Hostile input"). */
    static final String LISTENER_LIBRARY = Path.of(System.getProperty("warden.it.listener", "target/warden-listener.jar"))
            .toAbsolutePath().toString();
    /** Header values beyond ASCII reach Warden, which answers them itself. */
    static final String HEADER_VALUES = "-Dorg.glassfish.grizzly.http.STRICT_HEADER_VALUE_VALIDATION_RFC_9110=false";

    private final Process process;
    private final Path log;
    private final Api api;
    /** Whether this server writes the run's {@link ClassDataArchive} when it stops. */
    private boolean makesArchive;

    private WardenProcess(Process process, Path log, Api api, boolean makesArchive) {
        this.process = process;
        this.log = log;
        this.api = api;
        this.makesArchive = makesArchive;
    }

    /**
     * Starts Payara Micro with these system properties and environment variables and
     * waits until it says it is ready and the WAR answers (any status of the API, 503
     * included). The WAR may answer a moment before its start-up observers have run, so
     * an answer alone is not enough.
     */
    static WardenProcess start(Path folder, int port, Map<String, String> properties, Map<String, String> environment)
            throws Exception {
        return start(folder, port, properties, environment, List.of());
    }

    /** The same, with extra JVM options (a smaller heap, say). */
    static WardenProcess start(Path folder, int port, Map<String, String> properties, Map<String, String> environment,
                               List<String> jvmOptions) throws Exception {
        return start(folder, port, properties, environment, jvmOptions, List.of());
    }

    /** The same, with extra Payara Micro arguments (a post-boot command file, say). */
    static WardenProcess start(Path folder, int port, Map<String, String> properties, Map<String, String> environment,
                               List<String> jvmOptions, List<String> payaraArguments) throws Exception {
        return launch(folder, port, properties, environment, jvmOptions, payaraArguments, false);
    }

    /**
     * A start whose deployment is expected to fail: returns once Payara Micro says it is
     * ready (it does even when the WAR failed to deploy, PLATFORM-NOTES 10), for the test
     * to read why in the log.
     */
    static WardenProcess startFailing(Path folder, int port, Map<String, String> properties,
                                      Map<String, String> environment) throws Exception {
        return launch(folder, port, properties, environment, List.of(), List.of(), true);
    }

    /** What Payara Micro's kernel logs when it gives up before any application is deployed. */
    static final String KERNEL_FAILED = "Failed to start, exiting";

    /**
     * Payara Micro 6 sometimes fails to boot at all: a ConcurrentModificationException in
     * HK2's parallel start-up ("Startup service failed to start", then {@value #KERNEL_FAILED}),
     * before the WAR is looked at (seen in the shared server on 2026-12-05 and in
     * CrashSafetyIT's restart on 2026-12-06; {@link SharedPayaraMicro} has the same answer).
     * Such a start is tried once more, its log kept; a server that fails for any other reason,
     * or twice, fails the test.
     */
    private static WardenProcess launch(Path folder, int port, Map<String, String> properties,
                                        Map<String, String> environment, List<String> jvmOptions,
                                        List<String> payaraArguments, boolean expectFailure) throws Exception {
        try {
            return launchOnce(folder, port, properties, environment, jvmOptions, payaraArguments, expectFailure, false);
        } catch (KernelFailure first) {
            System.err.println("Payara Micro's kernel failed to start (" + first.log.getFileName() + "); once more");
            keepLog(first.log);
            return launchOnce(folder, port, properties, environment, jvmOptions, payaraArguments, expectFailure, true);
        }
    }

    /** A start that Payara Micro's kernel gave up, with its log. */
    private static final class KernelFailure extends Exception {
        final transient Path log;

        KernelFailure(Path log) {
            super(null, null, false, false);
            this.log = log;
        }
    }

    private static WardenProcess launchOnce(Path folder, int port, Map<String, String> properties,
                                            Map<String, String> environment, List<String> jvmOptions,
                                            List<String> payaraArguments, boolean expectFailure, boolean lastTry)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl", HEADER_VALUES,
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        command.addAll(ServerLocale.PAYARA);
        ClassDataArchive.Use classData = ClassDataArchive.PAYARA_MICRO.forStart();
        command.addAll(classData.options());
        command.addAll(jvmOptions);
        if (!properties.containsKey("warden.rate-limit.auth-per-minute")) {
            // these tests log in often from one address; the Cluster*IT classes set a real limit
            command.add("-Dwarden.rate-limit.auth-per-minute=1000000");
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--deploy", System.getProperty("warden.it.war", "target/warden.war"), "--contextroot", "/",
                "--port", String.valueOf(port), "--nohazelcast", "--disablephonehome", "--addlibs", LISTENER_LIBRARY, "--prebootcommandfile", LISTENER_SETTINGS));
        command.addAll(payaraArguments);
        Path log = folder.resolve("server-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // not the shared test server's secrets (pom.xml): only what this test gives
        builder.environment().keySet().removeIf(name -> name.startsWith("WARDEN_"));
        builder.environment().putAll(environment);
        Process process = ClassDataArchive.PAYARA_MICRO.start(builder, classData);
        WardenProcess server = new WardenProcess(process, log, new Api(new URL("http://localhost:" + port + "/")),
                classData.makes());
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                server.archiveMakerEnded(false);
                if (!lastTry && server.logText().contains(KERNEL_FAILED)) {
                    throw new KernelFailure(log);
                }
                fail("server exited: " + server.logText());
            }
            try {
                if (server.logText().contains(" ready in ")) {
                    if (expectFailure) {
                        return server;
                    }
                    int status = server.api.get("/api/v1/auth/me", null).status();
                    if (status == 401 || status == 503) {
                        return server;
                    }
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        server.close();
        fail("server did not start: " + server.logText());
        return null;
    }

    @Override
    public Api api() {
        return api;
    }

    @Override
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port free now and never handed out before in this run: two classes run at once
     * ({@link OwnServers}), and a port handed to one but not yet bound by its server must not
     * go to the other.
     */
    static synchronized int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    @Override
    public Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
        archiveMakerEnded(true);
        keepLog(log);
    }

    private synchronized void archiveMakerEnded(boolean stoppedByClose) {
        if (makesArchive) {
            makesArchive = false;
            ClassDataArchive.PAYARA_MICRO.makerEnded(process.exitValue(), stoppedByClose);
        }
    }

    /** Server logs outlive their test's folder, for SecretsInLogsIT. */
    static void keepLog(Path log) {
        try {
            Path kept = Files.createDirectories(Path.of(System.getProperty("warden.it.logs", "target/it-logs")));
            Files.copy(log, kept.resolve(log.getFileName() + "-" + System.nanoTime()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
