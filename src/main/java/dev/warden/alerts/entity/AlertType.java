package dev.warden.alerts.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The alert types of SPEC 5.4, each with its severity and title. */
public enum AlertType {
    ACCOUNT_LOCKED(Severity.MEDIUM, "An account was locked after repeated failed logins"),
    REFRESH_TOKEN_REUSED(Severity.HIGH, "A refresh token was used twice: the session may be stolen"),
    FAILED_LOGINS_FROM_ADDRESS(Severity.HIGH, "Many failed logins from one address"),
    ADMIN_ROLE_GRANTED(Severity.MEDIUM, "A user was given the admin role"),
    TWOFA_DISABLED(Severity.MEDIUM, "Two-factor authentication was turned off"),
    TWOFA_RESET_BY_ADMIN(Severity.HIGH, "An admin turned off a user's two-factor authentication");

    private final Severity severity;
    private final String title;

    AlertType(Severity severity, String title) {
        this.severity = severity;
        this.title = title;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.value().equals(value)).findFirst();
    }
}
