package dev.warden.users.control;

import java.util.UUID;

/**
 * Fired inside the transaction that changed how a user proves who they are: the password,
 * the second factor, the backup codes, a new API key ({@code keyName}, else null). The
 * owner is told of each ({@link CredentialNotices}).
 */
public record CredentialsChanged(UUID userId, Kind kind, String keyName) {

    public enum Kind {
        PASSWORD("password-changed"),
        TWO_FACTOR_ON("two-factor-on"),
        TWO_FACTOR_OFF("two-factor-off"),
        TWO_FACTOR_RESET_BY_ADMIN("two-factor-reset"),
        BACKUP_CODES_REGENERATED("backup-codes-regenerated"),
        API_KEY_CREATED("api-key-created");

        private final String notice;

        Kind(String notice) {
            this.notice = notice;
        }

        /** The mail template of the owner's notice. */
        public String notice() {
            return notice;
        }
    }

    public CredentialsChanged(UUID userId, Kind kind) {
        this(userId, kind, null);
    }
}
