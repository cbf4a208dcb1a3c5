package dev.warden.it;

import org.wildfly.core.launcher.Launcher;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A second WildFly beside the shared one of the WildFly run, on the same database: the
 * same distribution, settings and WAR (deployed at the root), its own base directory and
 * ports. What {@link WardenProcess} is to Payara Micro, for the tests of two instances.
 */
final class WildFlyProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private WildFlyProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static WildFlyProcess start(String name) throws Exception {
        WardenServer.start();
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "wildfly-" + name);
        int offset = SharedWildFly.freeOffset();
        var command = SharedWildFly.command(System.getProperty("warden.it.wildfly"), System.getProperty("java.home"),
                base, offset, WardenServer.SHARED_LOG.resolveSibling("server-" + name + ".log"));
        Path deployments = Files.createDirectories(base.resolve("deployments"));
        Files.copy(Path.of(System.getProperty("warden.it.war", "target/warden.war")), deployments.resolve("ROOT.war"),
                StandardCopyOption.REPLACE_EXISTING);
        Process process = Launcher.of(command).setRedirectErrorStream(true)
                .redirectOutput(base.resolve("console.log")).launch();
        WildFlyProcess server = new WildFlyProcess(process, 8080 + offset);
        server.awaitReady(Duration.ofMinutes(4));
        return server;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The second WildFly exited with " + process.exitValue());
            }
            try {
                if (api().get("/.well-known/jwks.json", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("The second WildFly did not serve Warden within " + timeout);
    }

    Api api() {
        try {
            return new Api(new URL("http://127.0.0.1:" + port + "/"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
