package dev.warden.it;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;

/**
 * The one deployment an Arquillian container keeps for the whole test run
 * ({@link SharedPayaraMicro}, {@link SharedWildFly}): every IT class deploys the same built
 * WAR, so the first deployment is kept and handed to every later class.
 */
final class SharedDeployment {

    interface Step {
        ProtocolMetaData apply(Archive<?> archive) throws DeploymentException;
    }

    private Archive<?> archive;
    private ProtocolMetaData deployment;

    /** The kept deployment, made by {@code deploy} the first time. */
    synchronized ProtocolMetaData deploy(Archive<?> asked, Step deploy) throws DeploymentException {
        if (deployment == null) {
            deployment = deploy.apply(asked);
            archive = asked;
        } else if (!archive.getName().equals(asked.getName())) {
            throw new DeploymentException("One shared server runs " + archive.getName()
                    + "; a test asked for " + asked.getName());
        }
        return deployment;
    }

    /** Ends the kept deployment, if there is one, with {@code undeploy}. */
    synchronized void end(Step undeploy) throws DeploymentException {
        if (deployment != null) {
            try {
                undeploy.apply(archive);
            } finally {
                deployment = null;
                archive = null;
            }
        }
    }
}
