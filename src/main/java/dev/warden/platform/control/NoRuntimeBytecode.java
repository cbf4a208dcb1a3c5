package dev.warden.platform.control;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Tells Hibernate to generate no classes at run time: no lazy proxies, no reflection
 * optimisers, no enhancement. Warden's entities have no associations and nothing asks for
 * a reference proxy, so plain reflection is all Hibernate needs, and the WAR can leave out
 * Byte Buddy (~6,000 classes that Payara would scan at every deployment, and the proxy
 * classes Hibernate would generate for every entity during the start).
 *
 * <p>Hibernate 6.6 finds its bytecode provider only through {@code ServiceLoader}, and
 * hibernate-core registers the Byte Buddy one, which cannot load without Byte Buddy; a
 * service given to the registry here takes the place of that lookup. Hibernate's own
 * "none" provider answers any attempt to make a proxy with an exception naming the cause,
 * so a future lazy association fails loudly in the tests, not silently.
 */
public final class NoRuntimeBytecode implements ServiceContributor {

    @Override
    public void contribute(StandardServiceRegistryBuilder registry) {
        registry.addService(BytecodeProvider.class, new org.hibernate.bytecode.internal.none.BytecodeProviderImpl());
    }
}
