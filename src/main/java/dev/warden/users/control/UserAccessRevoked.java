package dev.warden.users.control;

import java.util.UUID;

/**
 * Fired inside the transaction of a change after which what a user could do before must
 * stop at once: their sessions end in the same transaction (observed by the sessions
 * component), so the change and the revocation commit or roll back together.
 *
 * @param keepSession a session that survives (the one a password was changed from), or null
 */
public record UserAccessRevoked(UUID userId, Reason reason, UUID keepSession) {

    public enum Reason {
        ROLE_CHANGED("account_changed"),
        DEACTIVATED("account_changed"),
        DELETED("account_deleted"),
        PASSWORD_CHANGED("password_changed");

        private final String revokeReason;

        Reason(String revokeReason) {
            this.revokeReason = revokeReason;
        }

        /** As stored on the ended sessions. */
        public String revokeReason() {
            return revokeReason;
        }
    }

    public static UserAccessRevoked of(UUID userId, Reason reason) {
        return new UserAccessRevoked(userId, reason, null);
    }
}
