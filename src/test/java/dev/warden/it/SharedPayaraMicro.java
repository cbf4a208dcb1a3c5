package dev.warden.it;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Arquillian's Payara Micro container, made to keep its server for the whole test run.
 * Payara Micro cannot deploy into a running server, so the stock container boots a new
 * one (~20 s) for every test class; every IT class deploys the same built WAR, so the
 * first deployment is kept and handed to every later class, and the server stops when
 * Arquillian stops the container at the end of the run. Tests stay independent because
 * each seeds its own data (unique users, keys) and asserts only on that.
 */
public class SharedPayaraMicro extends PayaraMicroDeployableContainer {

    private static final SharedDeployment SHARED = new SharedDeployment();

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        return SHARED.deploy(archive, this::deployOnceMore);
    }

    /**
     * Payara Micro 6 sometimes fails to boot at all ("Failed to start, exiting": a
     * ConcurrentModificationException in HK2 while its HealthCheckService is made; seen once
     * in a CI run, 2026-12-05), which cost the whole Payara run. A second boot is tried
     * before the run gives up; a WAR that really fails to deploy fails twice.
     */
    private ProtocolMetaData deployOnceMore(Archive<?> archive) throws DeploymentException {
        try {
            return super.deploy(archive);
        } catch (DeploymentException first) {
            System.err.println("Payara Micro did not start with the WAR (" + first.getMessage() + "); once more");
            try {
                super.undeploy(archive); // stops what is left of the first process
            } catch (DeploymentException | RuntimeException ignored) {
                // nothing left to stop
            }
            return super.deploy(archive);
        }
    }

    @Override
    public void undeploy(Archive<?> archive) {
        // kept for the next test class; stop() ends it
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            SHARED.end(archive -> {
                super.undeploy(archive);
                return null;
            });
        } catch (DeploymentException e) {
            throw new LifecycleException("Could not stop the shared Payara Micro", e);
        }
        super.stop();
    }

    /** Registered in META-INF/services: replaces the stock container with the shared one. */
    public static class Extension implements LoadableExtension {
        @Override
        public void register(ExtensionBuilder builder) {
            builder.override(DeployableContainer.class, PayaraMicroDeployableContainer.class, SharedPayaraMicro.class);
        }
    }
}
