package dev.warden.users.control;

import java.util.UUID;

/** Fired inside the transaction that changed how a user proves who they are (today: the password). */
public record CredentialsChanged(UUID userId, Kind kind) {

    public enum Kind { PASSWORD }
}
