package dev.warden.auth.control;

import dev.warden.platform.control.RequestInfo;
import dev.warden.platform.problem.ErrorCode;

import java.util.Set;

/**
 * Fired when a login is refused for one of the spec's reasons. {@code login} is the name
 * that was sent (never the password); whether it names a user is for the observer to
 * find out, not for the client.
 */
public record LoginFailed(String login, String reason, RequestInfo client) {

    /** The refusals that are failed logins (a 429 or a 503 is not). */
    public static final Set<ErrorCode> REASONS = Set.of(ErrorCode.INVALID_CREDENTIALS, ErrorCode.ACCOUNT_LOCKED,
            ErrorCode.ACCOUNT_DISABLED, ErrorCode.EMAIL_NOT_VERIFIED);
}
