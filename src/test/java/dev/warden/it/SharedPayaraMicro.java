package dev.warden.it;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

import java.net.URI;

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
     * in a CI run, 2026-12-05), or boots, logs the WAR deployed at its context with every
     * REST endpoint, and then answers every request under that context with its own 404 page
     * (seen once, 2026-12-07: 238 tests failed on it, while its /openapi answered). Either
     * cost the whole Payara run. So the server must answer Warden's GET /api/v1/auth/me
     * (401 without credentials) before it is kept, and a second boot is tried before the run
     * gives up; a WAR that really fails to deploy fails twice.
     */
    private ProtocolMetaData deployOnceMore(Archive<?> archive) throws DeploymentException {
        try {
            return serving(super.deploy(archive));
        } catch (DeploymentException first) {
            System.err.println("Payara Micro did not start with the WAR (" + first.getMessage() + "); once more");
            try {
                super.undeploy(archive); // stops what is left of the first process
            } catch (DeploymentException | RuntimeException ignored) {
                // nothing left to stop
            }
            return serving(super.deploy(archive));
        }
    }

    private static ProtocolMetaData serving(ProtocolMetaData deployed) throws DeploymentException {
        URI base = deployed.getContexts(HTTPContext.class).iterator().next().getServlets().get(0).getBaseURI();
        Api.Reply me;
        try {
            me = new Api(base.toURL()).probe("/api/v1/auth/me");
        } catch (java.net.MalformedURLException | IllegalStateException e) {
            throw new DeploymentException("GET " + base + "api/v1/auth/me failed", e);
        }
        if (me.status() != 401) {
            throw new DeploymentException("GET " + base + "api/v1/auth/me answered " + me.status()
                    + " instead of Warden's 401");
        }
        return deployed;
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
