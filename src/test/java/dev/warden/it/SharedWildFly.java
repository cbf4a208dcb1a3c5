package dev.warden.it;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.as.arquillian.container.CommonManagedDeployableContainer;
import org.jboss.as.arquillian.container.managed.ManagedContainerConfiguration;
import org.jboss.logging.Logger;
import org.jboss.shrinkwrap.api.Archive;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Arquillian's managed WildFly, made to keep one deployment for the whole test run
 * ({@link SharedDeployment}), as {@link SharedPayaraMicro} does for Payara Micro.
 *
 * <p>The server is the WildFly distribution the build unpacked (failsafe's
 * {@code warden.it.wildfly}), started with {@code standalone-microprofile.xml} from a fresh
 * copy of its configuration in the run's temporary directory (so no run leaves a deployment
 * in the distribution), on ports shifted by an offset where all of them are free, with the
 * JVM options and Warden settings {@link WardenServer} gives the Payara Micro of the other
 * run. The secrets come from the environment failsafe gives this JVM, which WildFly inherits.
 */
public class SharedWildFly extends CommonManagedDeployableContainer<ManagedContainerConfiguration> {

    private static final Logger LOG = Logger.getLogger(SharedWildFly.class);
    /** WildFly's default ports in standalone-microprofile.xml, all shifted by the offset. */
    private static final int[] PORTS = {8080, 8443, 9990, 9993, 8009, 4712, 4713};

    private final SharedDeployment shared = new SharedDeployment();
    private int offset;

    @Override
    public Class<ManagedContainerConfiguration> getConfigurationClass() {
        return ManagedContainerConfiguration.class;
    }

    @Override
    public void setup(ManagedContainerConfiguration config) {
        config.setJbossHome(System.getProperty("warden.it.wildfly", config.getJbossHome()));
        offset = freeOffset();
        config.setManagementPort(9990 + offset);
        super.setup(config);
    }

    @Override
    protected StandaloneCommandBuilder createCommandBuilder(ManagedContainerConfiguration config) {
        WardenServer.start();
        return command(config.getJbossHome(), config.getJavaHome(),
                Path.of(System.getProperty("java.io.tmpdir"), "wildfly-base"), offset, WardenServer.SHARED_LOG,
                sharedOptions());
    }

    /**
     * A standalone WildFly of the distribution in {@code home} with a fresh base directory,
     * this offset to its ports, these JVM options and Warden settings, and its log in
     * {@code log} ({@link WildFlyProcess} starts more the same way).
     */
    static StandaloneCommandBuilder command(String home, String javaHome, Path base, int offset, Path log,
                                            List<String> jvmOptions) {
        StandaloneCommandBuilder command = StandaloneCommandBuilder.of(home);
        freshBase(command.getConfigurationDirectory(), base);
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Djava.net.preferIPv4Stack=true");
        options.add("-Djboss.socket.binding.port-offset=" + offset);
        command.setJavaHome(javaHome)
                .setJavaOptions(options)
                .setBaseDirectory(base)
                .setServerConfiguration("standalone-microprofile.xml");
        command.setConfigurationDirectory(base.resolve("configuration"));
        command.addJavaOption("-Djboss.home.dir=" + command.getWildFlyHome());
        // its log where SecretsInLogsIT reads the servers' logs, under the name it looks for
        command.addJavaOption("-Djboss.server.log.dir=" + log.getParent());
        rewrite(base.resolve("configuration").resolve("standalone-microprofile.xml"),
                "path=\"server.log\"", "path=\"" + log.getFileName() + "\"");
        return command;
    }

    /** The shared server's JVM options and Warden settings ({@link WardenServer}). */
    static List<String> sharedOptions() {
        return Arrays.asList(System.getProperty(WardenServer.JVM_OPTIONS).split(" "));
    }

    @Override
    protected Logger getLogger() {
        return LOG;
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        return shared.deploy(archive, super::deploy);
    }

    @Override
    public void undeploy(Archive<?> archive) {
        // kept for the next test class; stopInternal() ends it
    }

    @Override
    protected void stopInternal(Integer timeout) throws LifecycleException {
        try {
            shared.end(archive -> {
                super.undeploy(archive);
                return null;
            });
        } catch (DeploymentException e) {
            throw new LifecycleException("Could not undeploy from the shared WildFly", e);
        } finally {
            super.stopInternal(timeout);
        }
    }

    /** A configuration directory of the run's own, copied from the distribution's. */
    static void freshBase(Path configuration, Path base) {
        try {
            if (Files.exists(base)) {
                try (Stream<Path> old = Files.walk(base)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Path target = base.resolve("configuration");
            try (Stream<Path> files = Files.walk(configuration)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(configuration.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new IllegalStateException(file + " has no " + from);
            }
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An offset at which all of WildFly's ports are free on this machine, never handed out
     * before in this run: two classes may start servers at once ({@link OwnServers}).
     */
    static synchronized int freeOffset() {
        for (int candidate = 20000; candidate < 50000; candidate += 137) {
            if (!OFFSETS_HANDED_OUT.contains(candidate) && allFree(candidate)) {
                OFFSETS_HANDED_OUT.add(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("No port offset with all of WildFly's ports free");
    }

    private static final java.util.Set<Integer> OFFSETS_HANDED_OUT = new java.util.HashSet<>();

    private static boolean allFree(int offset) {
        for (int port : PORTS) {
            try (ServerSocket socket = new ServerSocket(port + offset)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
