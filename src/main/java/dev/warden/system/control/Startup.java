package dev.warden.system.control;

import dev.warden.audit.control.AuditRetention;
import dev.warden.platform.control.SecretBox;
import dev.warden.platform.control.SecretsResealing;
import dev.warden.platform.db.Database;
import dev.warden.platform.db.DatabaseAvailable;
import dev.warden.platform.db.DatabaseFailures;
import dev.warden.platform.db.DatabaseStatus;
import dev.warden.platform.db.Migrations;
import dev.warden.platform.db.RequestUserGrants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Start-up, in order: schema migrations (then, where another user migrates, its grants of
 * the tables' use to the user of the requests; on PostgreSQL the audit retention the purge
 * may not go below, recorded as the tables' owner), the check that
 * {@code warden.encryption.key} is the
 * key the database's secrets were made with ({@link SealedSecretsCheck}; a development key
 * made for an embedded database found without its key file is written only after it,
 * {@link EncryptionKey#keepGeneratedKey}), signing keys,
 * secrets sealed by a previous key sealed again under the current one
 * ({@link SecretsResealing}), bootstrap admin. A CDI observer,
 * not an EJB, so it also runs where EJB is absent (WildFly's MicroProfile profile).
 * <p>
 * If the database cannot be reached, Warden still starts: the API answers 503 and
 * readiness is DOWN until the database answers, and then start-up runs (each step is
 * safe to repeat: Flyway and the key and admin steps take database locks). Any other
 * failure (a bad setting, a broken migration) fails the deployment at start, as before,
 * instead of leaving a half-working service; if it only shows after a late start, it is
 * logged and Warden stays unready.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Inject
    SigningKeys signingKeys;

    @Inject
    BootstrapAdmin bootstrapAdmin;

    @Inject
    DatabaseStatus status;

    @Inject
    AuditRetention auditRetention;

    @Inject
    SecretBox secretBox;

    @Inject
    SigningKeyStore signingKeyStore;

    @Inject
    EncryptionKey encryptionKey;

    @Inject
    Event<SecretsResealing> resealing;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            run();
        } catch (RuntimeException e) {
            if (!DatabaseFailures.unavailable(e)) {
                throw e;
            }
            LOG.warning("Warden started without its database; it answers 503 and finishes start-up "
                    + "(migrations, signing keys, first admin) as soon as the database answers.");
            status.outage(e);
        }
    }

    @ActivateRequestContext
    void resume(@Observes DatabaseAvailable event) {
        if (status.isStarted()) {
            return;
        }
        try {
            run();
            LOG.info("Start-up finished now that the database is available.");
        } catch (RuntimeException e) {
            if (DatabaseFailures.unavailable(e)) {
                status.outage(e);
            } else {
                LOG.log(Level.SEVERE, "Start-up failed; Warden stays unavailable until restarted", e);
            }
        }
    }

    private synchronized void run() {
        if (status.isStarted()) {
            return;
        }
        javax.sql.DataSource database = Database.unpooled();
        javax.sql.DataSource migrator = Database.forMigrations();
        boolean schemaMadeNow = Migrations.migrate(migrator, Startup.class.getClassLoader());
        Database.separateRequestUser().ifPresent(user -> RequestUserGrants.grantUse(migrator, user));
        auditRetention.record(migrator);
        encryptionKey.sayIfKeyFileIsMissing(schemaMadeNow);
        SealedSecretsCheck.check(database, secretBox);
        encryptionKey.keepGeneratedKey();
        Database.restrictEmbeddedFiles();
        signingKeys.initialize();
        // again: an instance started at the same moment on an empty database with another
        // key may have stored the first signing keys between the first check and here
        SealedSecretsCheck.check(database, secretBox);
        int resealed = signingKeyStore.reseal();
        if (resealed > 0) {
            LOG.info("Sealed " + resealed + " signing key" + (resealed == 1 ? "" : "s")
                    + " again under the current warden.encryption.key");
        }
        resealing.fire(new SecretsResealing());
        SealedSecretsCheck.previousKeyUse(database, secretBox).forEach(LOG::info);
        bootstrapAdmin.run();
        status.started();
    }
}
