package dev.warden.platform.db;

import dev.warden.platform.control.ClassPresence;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.spi.PersistenceUnitInfo;
import org.hibernate.jpa.HibernatePersistenceProvider;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hibernate, told which dialect to use before it asks the database. Hibernate builds the
 * persistence unit while the application deploys and normally reads the dialect from a
 * live connection; with the database down at that moment the deployment failed, and
 * Warden could not start until the database was back and Warden restarted. Naming the
 * dialect from {@code warden.db.url} (read the way the datasource definition reads it,
 * {@link Database#url()}) lets Warden
 * start, answer 503 and finish its start-up when the database appears. When the database
 * is up, Hibernate still reads its version from the connection. It also names the
 * server's JTA platform ({@link #jtaPlatform()}).
 */
public class WardenPersistenceProvider extends HibernatePersistenceProvider {

    static final String DIALECT = "hibernate.dialect";
    static final String JTA_PLATFORM = "hibernate.transaction.jta.platform";

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public EntityManagerFactory createContainerEntityManagerFactory(PersistenceUnitInfo info, Map properties) {
        QuietLogs.install();
        Map<Object, Object> withDialect = new HashMap<>(properties == null ? Map.of() : properties);
        if (!withDialect.containsKey(DIALECT) && !info.getProperties().containsKey(DIALECT)) {
            withDialect.put(DIALECT, dialectFor(Database.url()));
        }
        if (!withDialect.containsKey(JTA_PLATFORM) && !info.getProperties().containsKey(JTA_PLATFORM)) {
            jtaPlatform().ifPresent(platform -> withDialect.put(JTA_PLATFORM, platform));
        }
        return super.createContainerEntityManagerFactory(info, withDialect);
    }

    /**
     * The server's JTA platform, which Hibernate does not find on Payara by itself
     * (PLATFORM-NOTES 2): GlassFish's transaction manager, or WildFly's. Empty anywhere
     * else, where Hibernate looks for itself.
     */
    static Optional<String> jtaPlatform() {
        if (ClassPresence.present("com.sun.enterprise.transaction.api.JavaEETransactionManager",
                WardenPersistenceProvider.class)) {
            return Optional.of("org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform");
        }
        if (ClassPresence.present("org.jboss.as.jpa.service.JPAService", WardenPersistenceProvider.class)) {
            return Optional.of("org.hibernate.engine.transaction.jta.platform.internal.JBossAppServerJtaPlatform");
        }
        return Optional.empty();
    }

    static String dialectFor(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return "org.hibernate.dialect.PostgreSQLDialect";
        }
        if (url.startsWith("jdbc:h2:")) {
            return "org.hibernate.dialect.H2Dialect";
        }
        throw new IllegalStateException("warden.db.url must start with jdbc:postgresql: or jdbc:h2:");
    }
}
