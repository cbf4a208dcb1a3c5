package dev.warden.auth.control;

import dev.warden.auth.entity.LoginFailure;
import dev.warden.platform.problem.WardenException;

import java.time.Instant;

/** The authentication failures that more than one place raises. */
public final class AuthProblems {

    private AuthProblems() {
    }

    public static WardenException locked(Instant until) {
        return new WardenException(403, "account_locked",
                "Too many failed logins; the account is locked")
                .with("locked_until", LoginFailure.shown(until));
    }
}
