package dev.warden.twofactor.control;

import dev.warden.platform.control.SecretsResealing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.UUID;
import java.util.logging.Logger;

/**
 * Start-up after an encryption-key rotation: seals every TOTP secret that a previous key
 * sealed (or that is of the first format) again under the current key, in batches of
 * {@link TotpResealBatch#SIZE} users, each batch one transaction with its
 * {@code secrets_resealed} event. A batch never holds many rows locked for long, so the
 * other instances, still running, keep confirming codes; a restart in the middle goes on
 * where the last batch ended (what is done no longer matches).
 */
@ApplicationScoped
public class TotpSecretsResealer {

    private static final Logger LOG = Logger.getLogger(TotpSecretsResealer.class.getName());

    @Inject
    TotpResealBatch batches;

    void reseal(@Observes SecretsResealing event) {
        UUID after = null;
        long resealed = 0;
        TotpResealBatch.Done done;
        do {
            done = batches.next(after);
            resealed += done.resealed();
            after = done.last();
        } while (done.last() != null);
        if (resealed > 0) {
            LOG.info("Sealed " + resealed + " TOTP secret" + (resealed == 1 ? "" : "s")
                    + " again under the current warden.encryption.key");
        }
    }
}
