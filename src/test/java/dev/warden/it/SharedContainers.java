package dev.warden.it;

import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registered in META-INF/services: replaces the stock Arquillian container of this run
 * (Payara Micro, or WildFly in the run that has its adapter instead: pom.xml, failsafe's
 * executions) with the one that shares its deployment across the run. Each run's test
 * classpath holds one of the two adapters, so the other's classes are never loaded.
 */
public class SharedContainers implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        if (present("fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer")) {
            new SharedPayaraMicro.Extension().register(builder);
        }
        if (present("org.jboss.as.arquillian.container.managed.ManagedDeployableContainer")) {
            builder.override(org.jboss.arquillian.container.spi.client.container.DeployableContainer.class,
                    org.jboss.as.arquillian.container.managed.ManagedDeployableContainer.class, SharedWildFly.class);
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SharedContainers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
