package dev.warden.system.control;

import dev.warden.platform.db.Migrations;
import dev.warden.platform.db.WardenDb;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.sql.DataSource;

/**
 * Start-up, in order: schema migrations, signing keys, bootstrap admin. A CDI observer,
 * not an EJB, so it also runs where EJB is absent (WildFly's MicroProfile profile). A
 * failure here fails the deployment instead of leaving a half-working service.
 */
@ApplicationScoped
public class Startup {

    @Inject
    @WardenDb
    DataSource dataSource;

    @Inject
    SigningKeys signingKeys;

    @Inject
    BootstrapAdmin bootstrapAdmin;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Migrations.migrate(dataSource, Startup.class.getClassLoader());
        signingKeys.initialize();
        bootstrapAdmin.run();
    }
}
