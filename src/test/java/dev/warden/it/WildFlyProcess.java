package dev.warden.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A WildFly of the WildFly run's own, beside the shared one: the same distribution and WAR
 * (deployed at the root), its own base directory, ports and log. What {@link WardenProcess}
 * is to Payara Micro, for the tests of two instances: {@link #beside} runs with the shared
 * server's settings on its database ({@link WildFlyClusterIT}), {@link #start} with settings
 * of its own ({@link Cluster}).
 */
final class WildFlyProcess implements Instance {

    private final Process process;
    private final int port;
    private final Path serverLog;
    private final Path console;
    /** Whether this server writes the run's {@link ClassDataArchive#WILDFLY} when it stops. */
    private boolean makesArchive;

    private WildFlyProcess(Process process, int port, Path serverLog, Path console, boolean makesArchive) {
        this.makesArchive = makesArchive;
        this.process = process;
        this.port = port;
        this.serverLog = serverLog;
        this.console = console;
    }

    /** With the shared server's settings, on its database, and the secrets of its environment. */
    static WildFlyProcess beside(String name) throws Exception {
        WardenServer.start();
        return launch(name, SharedWildFly.sharedOptions(), false, false);
    }

    /**
     * With these Warden settings (system properties) and only these, as {@link WardenProcess#start}
     * gives them: none of the shared server's, and no {@code WARDEN_*} variable of the environment.
     */
    static WildFlyProcess start(String name, Map<String, String> settings, List<String> jvmOptions) throws Exception {
        return launch(name, ownOptions(settings, jvmOptions), true, false);
    }

    /**
     * The same, for a start whose deployment is expected to fail: returns once WildFly's
     * deployment scanner has marked the WAR failed ({@code ROOT.war.failed}, which holds why);
     * fails if it deployed.
     */
    static WildFlyProcess startFailing(String name, Map<String, String> settings) throws Exception {
        return launch(name, ownOptions(settings, List.of()), true, true);
    }

    private static List<String> ownOptions(Map<String, String> settings, List<String> jvmOptions) throws Exception {
        WardenServer.start();
        List<String> options = new ArrayList<>();
        for (String option : SharedWildFly.sharedOptions()) {
            if (!option.startsWith("-Dwarden.") && !option.startsWith("-Xmx")) {
                options.add(option);
            }
        }
        options.addAll(jvmOptions);
        if (!settings.containsKey("warden.rate-limit.auth-per-minute")) {
            options.add("-Dwarden.rate-limit.auth-per-minute=1000000"); // as WardenProcess
        }
        settings.forEach((key, value) -> options.add("-D" + key + "=" + value));
        return options;
    }

    private static WildFlyProcess launch(String name, List<String> options, boolean ownSettingsOnly,
                                         boolean expectFailure) throws Exception {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "wildfly-" + name);
        int offset = SharedWildFly.freeOffset();
        Path serverLog = WardenServer.SHARED_LOG.resolveSibling("server-" + name + ".log");
        ClassDataArchive.Use classData = ClassDataArchive.WILDFLY.forStart();
        List<String> jvmOptions = new ArrayList<>(options);
        jvmOptions.addAll(classData.options());
        var command = SharedWildFly.command(System.getProperty("warden.it.wildfly"), System.getProperty("java.home"),
                base, offset, serverLog, jvmOptions);
        Path deployments = Files.createDirectories(base.resolve("deployments"));
        for (String marker : List.of("ROOT.war.failed", "ROOT.war.deployed")) {
            Files.deleteIfExists(deployments.resolve(marker)); // an earlier start's, in the same base
        }
        Files.copy(Path.of(System.getProperty("warden.it.war", "target/warden.war")), deployments.resolve("ROOT.war"),
                StandardCopyOption.REPLACE_EXISTING);
        Path console = base.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command.build()).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        if (ownSettingsOnly) {
            builder.environment().keySet().removeIf(variable -> variable.startsWith("WARDEN_"));
        }
        Process process = ClassDataArchive.WILDFLY.start(builder, classData);
        WildFlyProcess server = new WildFlyProcess(process, 8080 + offset, serverLog, console, classData.makes());
        if (expectFailure) {
            server.awaitFailedDeployment(deployments, Duration.ofMinutes(4));
        } else {
            server.awaitReady(Duration.ofMinutes(4));
        }
        return server;
    }

    /** Until the deployment scanner marks the WAR failed; a deployed WAR fails the test. */
    private void awaitFailedDeployment(Path deployments, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(deployments.resolve("ROOT.war.failed"))) {
                return;
            }
            if (Files.exists(deployments.resolve("ROOT.war.deployed")) || !process.isAlive()) {
                close();
                throw new IllegalStateException("WildFly " + (process.isAlive() ? "deployed the WAR" : "exited")
                        + " where its deployment was to fail:\n" + logText());
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("WildFly did not fail the deployment within " + timeout + ":\n" + logText());
    }

    /** Until the WAR answers (401 or 503 from the API: started, or waiting for its database). */
    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                archiveMakerEnded(false);
                throw new IllegalStateException("WildFly exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                int status = api().get("/api/v1/auth/me", null).status();
                if (status == 401 || status == 503) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("WildFly did not serve Warden within " + timeout + ":\n" + logText());
    }

    @Override
    public Api api() {
        try {
            return new Api(new URL("http://127.0.0.1:" + port + "/"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Its server log, then what its console got (the JVM's own messages: an OutOfMemoryError, say). */
    @Override
    public String logText() {
        StringBuilder text = new StringBuilder();
        for (Path log : List.of(serverLog, console)) {
            try {
                if (Files.exists(log)) {
                    text.append(Files.readString(log)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text.toString();
    }

    /** The server log's lines alone: its console's, appended in {@link #logText}, would shift them. */
    @Override
    public List<String> logLines() {
        try {
            return Files.exists(serverLog) ? Files.readAllLines(serverLog) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(60, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly().waitFor();
        }
        archiveMakerEnded(stopped);
    }

    private synchronized void archiveMakerEnded(boolean stoppedByClose) {
        if (makesArchive) {
            makesArchive = false;
            ClassDataArchive.WILDFLY.makerEnded(process.exitValue(), stoppedByClose);
        }
    }
}
