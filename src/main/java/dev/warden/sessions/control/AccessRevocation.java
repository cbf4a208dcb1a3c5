package dev.warden.sessions.control;

import dev.warden.users.control.UserAccessRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Ends a user's sessions when their access is revoked (role change, deactivation,
 * deletion, password change). A synchronous observer: it runs inside the transaction of
 * the change, so a token with the old role or the old password cannot outlive it, and a
 * change that rolls back leaves the sessions as they were.
 */
@ApplicationScoped
public class AccessRevocation {

    @Inject
    SessionService sessions;

    void revoke(@Observes UserAccessRevoked event) {
        String reason = event.reason().revokeReason();
        if (event.keepSession() == null) {
            sessions.revokeAll(event.userId(), reason);
        } else {
            sessions.revokeAllExcept(event.userId(), event.keepSession(), reason);
        }
    }
}
